import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { secureWebPreferences } from './security';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The renderer's URL: electron-vite's dev server (ELECTRON_RENDERER_URL) in development, the built
 * index.html next to out/main otherwise. A packaged app ignores the variable, and only a loopback
 * http URL is accepted, so an environment variable cannot point the trusted window elsewhere.
 */
export function rendererUrl(devServerUrl: string | undefined, isPackaged: boolean, mainDir: string): string {
  if (devServerUrl && !isPackaged) {
    try {
      const url = new URL(devServerUrl);
      if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return url.href;
    } catch {
      // fall through to the built files
    }
  }
  return pathToFileURL(join(mainDir, '../renderer/index.html')).href;
}

/** True for electron-vite's dev server URL (as returned by `rendererUrl`), false for the built files. */
export function isDevServerUrl(appUrl: string): boolean {
  return appUrl.startsWith('http:');
}

/** The bundled, sandbox-compatible (CommonJS) preload next to out/main. */
export function preloadPath(mainDir: string): string {
  return join(mainDir, '../preload/index.cjs');
}

export function mainWindowOptions(preload: string, icon?: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'ServoLab',
    backgroundColor: '#17253a',
    ...(icon ? { icon } : {}),
    webPreferences: secureWebPreferences(preload),
  };
}

/** Opens the main window on `appUrl`; it shows once the first frame is ready (no white flash). */
export function createMainWindow(
  Window: new (options: BrowserWindowConstructorOptions) => BrowserWindow,
  appUrl: string,
  options: BrowserWindowConstructorOptions,
): BrowserWindow {
  const window = new Window(options);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appUrl);
  return window;
}
