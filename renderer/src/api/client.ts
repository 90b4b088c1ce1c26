import type { LabApi, LabEventName, LabEvents } from '../../../core/api/contract';
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
  };
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
