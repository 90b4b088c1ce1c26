import type { ErrorEnvelope, LabEventName, LabEvents } from '../../../core/api/contract';
import type { UploadedFile } from '../../../core/api/files-contract';

/** How the renderer reaches the engine: the Electron preload or the browser-mode WebSocket. */
export interface Transport {
  call(method: string, params: unknown): Promise<unknown>;
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void;
  close(): void;
  /** Sends a dropped or picked file's bytes into the workspace's inbox (browser: POST /upload; desktop: IPC chunks). */
  upload?(file: File): Promise<UploadedFile>;
}

/** A failed request, carrying the engine's `{code, message, detail}`. */
export class LabCallError extends Error {
  readonly code: string;
  readonly detail: unknown;
  constructor(envelope: ErrorEnvelope) {
    super(envelope.message);
    this.name = 'LabCallError';
    this.code = envelope.code;
    this.detail = envelope.detail;
  }
}

type Listener = (payload: never) => void;

/** Fan-out of pushed events to listeners, shared by both transports. */
export class EventHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as Listener);
    this.listeners.set(event, set);
    return () => set.delete(listener as Listener);
  }

  emit(event: string, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (p: unknown) => void)(payload);
  }
}
