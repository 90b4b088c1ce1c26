import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { registerIpc } from './ipc';
import { hardenContents, installSessionPolicy, secureWebPreferences } from './security';

/** The renderer's URL: electron-vite's dev server in development, the built files otherwise. */
function rendererUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href;
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    title: 'ServoLab',
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  hardenContents(window.webContents, rendererUrl());
  window.once('ready-to-show', () => window.show());
  void window.loadURL(rendererUrl());
  return window;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, rendererUrl()));
  void app.whenReady().then(() => {
    installSessionPolicy(session.defaultSession);
    registerIpc(ipcMain, rendererUrl, app.getVersion());
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
