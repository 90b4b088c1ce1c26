import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, type PreloadBridge } from '../shared/bridge';

// Sandboxed preload: it may require only 'electron', so the build bundles everything else into one
// CommonJS file. Only named, typed calls cross the bridge; ipcRenderer itself never does, and
// listeners receive the payload, never the IPC event.
function listen(channel: string, deliver: (...args: unknown[]) => void): () => void {
  const handler = (_event: IpcRendererEvent, ...args: unknown[]) => deliver(...args);
  ipcRenderer.on(channel, handler);
  return () => ipcRenderer.removeListener(channel, handler);
}

const bridge: PreloadBridge = {
  version: () => ipcRenderer.invoke(CHANNELS.version) as Promise<string>,
  call: (method, params) => ipcRenderer.invoke(CHANNELS.call, String(method), params) as ReturnType<PreloadBridge['call']>,
  onEvent: (listener) => listen(CHANNELS.event, (event, payload) => listener(String(event), payload)),
  onCommand: (listener) => listen(CHANNELS.command, (command) => listener(String(command))),
  upload: {
    begin: (name) => ipcRenderer.invoke(CHANNELS.uploadBegin, String(name)) as ReturnType<PreloadBridge['upload']['begin']>,
    chunk: (id, bytes) => ipcRenderer.invoke(CHANNELS.uploadChunk, String(id), bytes) as ReturnType<PreloadBridge['upload']['chunk']>,
    end: (id) => ipcRenderer.invoke(CHANNELS.uploadEnd, String(id)) as ReturnType<PreloadBridge['upload']['end']>,
    abort: (id) => ipcRenderer.invoke(CHANNELS.uploadAbort, String(id)) as Promise<void>,
  },
};

contextBridge.exposeInMainWorld('servolab', bridge);
