import { contextBridge, ipcRenderer } from 'electron';
import type { PreloadApi } from './api';

// Only named, typed calls cross the bridge — never ipcRenderer itself.
const api: PreloadApi = {
  version: () => ipcRenderer.invoke('lab:version') as Promise<string>,
};

contextBridge.exposeInMainWorld('servolab', api);
