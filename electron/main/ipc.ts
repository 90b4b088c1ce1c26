import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS } from '../shared/bridge';
import { isTrustedSender } from './security';

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
export function registerIpc(ipc: Pick<IpcMain, 'handle'>, appUrl: string, version: string, lab?: LabCalls): void {
  ipc.handle(CHANNELS.version, fromAppOnly(appUrl, CHANNELS.version, () => version));
  if (lab) {
    ipc.handle(
      CHANNELS.call,
      fromAppOnly(appUrl, CHANNELS.call, (event, method, params) => lab.call(event.sender, String(method), params)),
    );
  }
}
