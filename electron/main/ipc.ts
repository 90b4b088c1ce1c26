import type { IpcMain } from 'electron';
import { isTrustedSender } from './security';

export const CHANNELS = { version: 'lab:version' } as const;

/**
 * The IPC surface of the main process. Every handler checks the sender first; the typed LabApi
 * arrives here with the desktop issue.
 */
export function registerIpc(ipc: IpcMain, appBaseUrl: () => string, version: string): void {
  ipc.handle(CHANNELS.version, (event) => {
    if (!isTrustedSender(event, appBaseUrl())) throw new Error('refused: untrusted sender');
    return version;
  });
}
