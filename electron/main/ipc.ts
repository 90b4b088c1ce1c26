import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Envelope } from '../../core/api/contract';
import { toErrorEnvelope } from '../../core/model';
import { CHANNELS } from '../shared/bridge';
import { isTrustedSender } from './security';
import type { IpcUploads } from './uploads';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** Wraps an IPC handler so it answers only our own renderer; anything else is refused. */
export function fromAppOnly(appUrl: string, channel: string, handler: Handler): Handler {
  return (event, ...args) => {
    if (!isTrustedSender(event, appUrl)) throw new Error(`${channel}: refused, untrusted sender`);
    return handler(event, ...args);
  };
}

/** Answers LabApi requests; implemented by LabHost. */
export interface LabCalls {
  call(target: IpcMainInvokeEvent['sender'], method: string, params: unknown): Promise<unknown>;
}

/**
 * The IPC surface of the main process: the version and LabApi requests. Every handler goes
 * through `fromAppOnly`; the Lab validates the request itself.
 */
export function registerIpc(ipc: Pick<IpcMain, 'handle'>, appUrl: string, version: string, lab?: LabCalls, uploads?: IpcUploads): void {
  ipc.handle(CHANNELS.version, fromAppOnly(appUrl, CHANNELS.version, () => version));
  if (lab) {
    ipc.handle(
      CHANNELS.call,
      fromAppOnly(appUrl, CHANNELS.call, (event, method, params) => lab.call(event.sender, String(method), params)),
    );
  }
  if (uploads) registerUploads(ipc, appUrl, uploads);
}

/** Errors travel as envelopes, like LabApi calls, so the renderer shows the inbox's one-line message. */
async function enveloped<T>(work: () => T | Promise<T>): Promise<Envelope<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (e) {
    return { ok: false, error: toErrorEnvelope(e) };
  }
}

/** Dropped files' bytes (see uploads.ts); an upload belongs to the web contents that began it. */
function registerUploads(ipc: Pick<IpcMain, 'handle'>, appUrl: string, uploads: IpcUploads): void {
  const watched = new Set<number>();
  ipc.handle(
    CHANNELS.uploadBegin,
    fromAppOnly(appUrl, CHANNELS.uploadBegin, (event, name) =>
      enveloped(() => {
        const owner = event.sender.id;
        if (!watched.has(owner)) {
          watched.add(owner);
          event.sender.once('destroyed', () => {
            watched.delete(owner);
            uploads.abortAll(owner);
          });
        }
        return uploads.begin(owner, name);
      }),
    ),
  );
  ipc.handle(CHANNELS.uploadChunk, fromAppOnly(appUrl, CHANNELS.uploadChunk, (event, id, bytes) => enveloped(() => uploads.chunk(event.sender.id, id, bytes).then(() => null))));
  ipc.handle(CHANNELS.uploadEnd, fromAppOnly(appUrl, CHANNELS.uploadEnd, (event, id) => enveloped(() => uploads.end(event.sender.id, id))));
  ipc.handle(CHANNELS.uploadAbort, fromAppOnly(appUrl, CHANNELS.uploadAbort, (event, id) => uploads.abort(event.sender.id, id)));
}
