import type { Envelope, LabApi, LabEventName, LabEvents } from '../../../core/api/contract';
import type { UploadedFile } from '../../../core/api/files-contract';
import { LAB_METHODS } from '../../../core/api/methods';
import type { PreloadBridge } from '../../../electron/shared/bridge';
import { EventHub, LabCallError, type Transport } from './transport';
import { bridgeUrl, wsTransport } from './ws-transport';

/** The renderer's one way to the engine: LabApi calls plus LabEvents subscriptions. */
export type LabClient = LabApi & {
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void;
  /** A dropped or picked file into the inbox; its reference then goes to importPreview/importRun. */
  upload(file: File): Promise<UploadedFile>;
};

export function clientOver(transport: Transport): LabClient {
  const client = {
    on: transport.on.bind(transport),
    upload: (file: File) =>
      transport.upload
        ? transport.upload(file)
        : Promise.reject(new LabCallError({ code: 'usage', message: 'this window cannot upload files: use File → Import File…' })),
  } as Record<string, unknown>;
  for (const method of LAB_METHODS) client[method] = (request: unknown) => transport.call(method, request ?? {});
  return client as LabClient;
}

/** The Electron preload's bridge, as a Transport. */
export function preloadTransport(bridge: PreloadBridge): Transport {
  const hub = new EventHub();
  bridge.onEvent((event, payload) => hub.emit(event, payload));
  return {
    async call(method, params) {
      const envelope = await bridge.call(method, params);
      if (envelope.ok) return envelope.value;
      throw new LabCallError(envelope.error);
    },
    on: (event, listener) => hub.on(event, listener),
    close: () => undefined,
    upload: (file) => uploadOverBridge(bridge, file),
  };
}

/** Bytes per IPC message of a dropped file: large enough to be quick, small enough to stay light. */
export const UPLOAD_CHUNK = 4 * 1024 * 1024;

function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new LabCallError(envelope.error);
}

/**
 * Desktop drag & drop: the dropped File's bytes go to main in chunks and into the inbox, like a
 * browser-mode upload. (webUtils.getPathForFile would hand main a path the renderer chose; this
 * way main only ever opens paths the user picked in its own dialog.)
 */
export async function uploadOverBridge(bridge: PreloadBridge, file: File, chunkSize = UPLOAD_CHUNK): Promise<UploadedFile> {
  const id = unwrap(await bridge.upload.begin(file.name));
  try {
    for (let offset = 0; offset < file.size; offset += chunkSize) {
      const bytes = new Uint8Array(await file.slice(offset, offset + chunkSize).arrayBuffer());
      unwrap(await bridge.upload.chunk(id, bytes));
    }
    return unwrap(await bridge.upload.end(id));
  } catch (e) {
    void bridge.upload.abort(id);
    throw e;
  }
}

declare global {
  interface Window {
    servolab?: PreloadBridge;
  }
}

/** Picks the transport by itself: the preload when running in Electron, the WebSocket otherwise. */
export function createLabClient(): LabClient {
  return clientOver(window.servolab ? preloadTransport(window.servolab) : wsTransport(bridgeUrl(window.location)));
}
