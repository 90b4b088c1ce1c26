import type { IpcMainInvokeEvent, Session, WebContents, WebPreferences } from 'electron';

/**
 * Everything security-relevant about the window, as plain data and small functions so tests can
 * check them without Electron. See Electron's security checklist.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:*",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** True when `url` belongs to our renderer (the dev server in development, our files otherwise). */
export function isAppUrl(url: string, appBaseUrl: string): boolean {
  try {
    const target = new URL(url);
    const base = new URL(appBaseUrl);
    if (base.protocol === 'file:') return target.protocol === 'file:' && target.pathname.startsWith(base.pathname.replace(/[^/]*$/, ''));
    return target.origin === base.origin;
  } catch {
    return false;
  }
}

/** Blocks navigation away from the app and every new window. */
export function hardenContents(contents: WebContents, appBaseUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appBaseUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Sends the CSP with every response and denies every permission request. */
export function installSessionPolicy(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** IPC is answered only for our own top-level renderer frame. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, appBaseUrl: string): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url, appBaseUrl);
}
