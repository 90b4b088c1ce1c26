import { createHash } from 'node:crypto';
import type { IpcMainInvokeEvent, Session, WebContents, WebPreferences } from 'electron';

/*
 * Everything security-relevant about the window, as plain data and small functions that take the
 * Electron objects they act on, so tests check them with fakes. Follows Electron's security
 * checklist: isolation + sandbox, no Node in the page, strict CSP, no navigation away, no new
 * windows or webviews, permissions denied, every IPC sender validated.
 */

/**
 * The page may load only our own files; `connect-src` adds the loopback WebSocket of browser mode
 * (core/bridge). No 'unsafe-eval', no inline scripts. Inline styles stay allowed for React's
 * `style` props and Vite's dev CSS injection.
 */
const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
] as const;

/**
 * The inline module script @vitejs/plugin-react puts at the top of index.html on the dev server
 * (React Refresh). A test checks it against the installed plugin's output.
 */
export const DEV_SERVER_INLINE_SCRIPT = `import { injectIntoGlobalHook } from "/@react-refresh";
injectIntoGlobalHook(window);
window.$RefreshReg$ = () => {};
window.$RefreshSig$ = () => (type) => type;`;

/**
 * The policy sent as a response header. On the dev server (never in a build) script-src also
 * admits exactly the one inline script above, by hash; no other inline script runs in either.
 */
export function contentSecurityPolicy(options: { devServer?: boolean } = {}): string {
  const hash = createHash('sha256').update(DEV_SERVER_INLINE_SCRIPT).digest('base64');
  return CSP_DIRECTIVES.map((d) => (options.devServer && d.startsWith('script-src ') ? `${d} 'sha256-${hash}'` : d)).join('; ');
}

/** The production policy. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * The same policy for renderer/index.html's `<meta>` tag, which also guards the page when it is
 * served without our header (browser mode). `frame-ancestors` is ignored (with a console warning)
 * in a meta tag, so it is left out there.
 */
export const META_CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors')).join('; ');

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
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/**
 * True when `url` belongs to our renderer: same origin as the dev server in development; in a
 * build, a file inside the folder that holds the renderer's index.html.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url);
    const base = new URL(appUrl);
    if (base.protocol === 'file:') {
      const folder = base.pathname.replace(/[^/]*$/, '');
      return target.protocol === 'file:' && target.host === base.host && target.pathname.startsWith(folder);
    }
    return target.origin === base.origin;
  } catch {
    return false;
  }
}

/** Blocks navigation and redirects away from the app, webviews, and every new window. */
export function hardenContents(contents: WebContents, appUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** `headers` with our CSP in place of any the response brought (header names are case-insensitive). */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string = CONTENT_SECURITY_POLICY,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}

/** Sends the CSP with every response and denies every permission request and check. */
export function installSessionPolicy(session: Session, policy: string = CONTENT_SECURITY_POLICY): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** IPC is answered only for our own top-level renderer frame. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, appUrl: string): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url, appUrl);
}
