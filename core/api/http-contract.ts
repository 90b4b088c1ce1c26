import type { PushListenerStatus } from '../ingest/http/push-listener';

/** The push listener as the UI sees it: off, or its URLs, token and counts. */
export interface HttpListenStatus extends Partial<PushListenerStatus> {
  running: boolean;
  /** Shown to the user, who gives it to the pushing app (the UI itself is already authenticated). */
  token: string | null;
  /** URL for apps that only take a URL (Sensor Logger), token included; the UI shows it as a QR code. */
  pushUrl: string | null;
}

export interface HttpResponses {
  httpStart: HttpListenStatus;
  httpStop: HttpListenStatus;
  httpStatus: HttpListenStatus;
}
