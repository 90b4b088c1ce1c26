import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  DEV_SERVER_INLINE_SCRIPT,
  META_CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
  hardenContents,
  installSessionPolicy,
  isAppUrl,
  isTrustedSender,
  secureWebPreferences,
  withContentSecurityPolicy,
} from './security';

// The real electron module cannot load outside Electron; nothing here may need it.
vi.mock('electron', () => ({}));

const BUILT = 'file:///opt/ServoLab/resources/app.asar/out/renderer/index.html';
const DEV = 'http://localhost:5173/';

const RENDERER = fileURLToPath(new URL('../../renderer/', import.meta.url));
const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0], d] as const));

describe('web preferences', () => {
  it('isolates and sandboxes the renderer, without Node or insecure features', () => {
    expect(secureWebPreferences('/x/preload.cjs')).toEqual({
      preload: '/x/preload.cjs',
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
    });
  });
});

describe('content security policy', () => {
  it('allows only our own scripts and the loopback bridge', () => {
    const policy = directives(CONTENT_SECURITY_POLICY);
    expect(policy.get('default-src')).toBe("default-src 'self'");
    expect(policy.get('script-src')).toBe("script-src 'self'");
    expect(policy.get('connect-src')).toBe("connect-src 'self' ws://127.0.0.1:*");
    expect(policy.get('object-src')).toBe("object-src 'none'");
    expect(policy.get('base-uri')).toBe("base-uri 'none'");
    expect(policy.get('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/(^|\s)(\*|https?:)(\s|;|$)/); // no wildcard sources
  });

  it('is repeated in index.html, minus the header-only frame-ancestors', () => {
    const html = readFileSync(`${RENDERER}index.html`, 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(META_CONTENT_SECURITY_POLICY);
    expect(directives(META_CONTENT_SECURITY_POLICY).has('frame-ancestors')).toBe(false);
    expect(directives(META_CONTENT_SECURITY_POLICY).size).toBe(directives(CONTENT_SECURITY_POLICY).size - 1);
  });

  it('admits on the dev server exactly the inline script Vite serves there, by hash', async () => {
    const { createServer } = await import('vite');
    const { default: react } = await import('@vitejs/plugin-react');
    const server = await createServer({
      configFile: false,
      root: RENDERER,
      plugins: [react()],
      server: { middlewareMode: true, ws: false },
      logLevel: 'silent',
    });
    try {
      const html = await server.transformIndexHtml('/index.html', readFileSync(`${RENDERER}index.html`, 'utf8'));
      const inline = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).filter((body) => body?.trim());
      expect(inline).toEqual([DEV_SERVER_INLINE_SCRIPT]);
      const hash = createHash('sha256').update(DEV_SERVER_INLINE_SCRIPT).digest('base64');
      expect(directives(contentSecurityPolicy({ devServer: true })).get('script-src')).toBe(`script-src 'self' 'sha256-${hash}'`);
      expect(contentSecurityPolicy({ devServer: false })).toBe(CONTENT_SECURITY_POLICY);
      expect(CONTENT_SECURITY_POLICY).not.toContain('sha256-');
    } finally {
      await server.close();
    }
  });

  it('replaces any policy the response brought, whatever its header case', () => {
    expect(withContentSecurityPolicy({ 'X-Other': ['1'], 'content-security-policy': ["default-src *"] })).toEqual({
      'X-Other': ['1'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('app URLs', () => {
  it('recognises only our own pages', () => {
    expect(isAppUrl('file:///opt/ServoLab/resources/app.asar/out/renderer/index.html#/live', BUILT)).toBe(true);
    expect(isAppUrl('file:///opt/ServoLab/resources/app.asar/out/renderer/assets/x.js', BUILT)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', BUILT)).toBe(false);
    expect(isAppUrl('file:///opt/ServoLab/resources/app.asar/out/renderer/../main/index.js', BUILT)).toBe(false);
    expect(isAppUrl('file:///opt/ServoLab/resources/app.asar/out/renderer/%2e%2e/main/index.js', BUILT)).toBe(false);
    expect(isAppUrl('file://evil-host/opt/ServoLab/resources/app.asar/out/renderer/index.html', BUILT)).toBe(false);
    expect(isAppUrl('https://evil.example/', BUILT)).toBe(false);
    expect(isAppUrl('http://localhost:5173/explore', DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', DEV)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', DEV)).toBe(false);
    expect(isAppUrl('http://localhost:5173@evil.example/', DEV)).toBe(false);
    expect(isAppUrl('https://evil.example/', DEV)).toBe(false);
    expect(isAppUrl('not a url', DEV)).toBe(false);
  });
});

describe('web contents guards', () => {
  function fakeContents() {
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    hardenContents(contents as never, DEV);
    const emit = (event: string, ...args: unknown[]) => {
      const e = { preventDefault: vi.fn() };
      contents.emit(event, e, ...args);
      return e.preventDefault.mock.calls.length > 0;
    };
    return { contents, emit };
  }

  it('prevents navigation and redirects to a foreign URL, allows our own', () => {
    const { emit } = fakeContents();
    expect(emit('will-navigate', 'https://evil.example/')).toBe(true);
    expect(emit('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(emit('will-navigate', 'http://localhost:5173/other')).toBe(false);
    expect(emit('will-redirect', 'https://evil.example/')).toBe(true);
    expect(emit('will-redirect', 'http://localhost:5173/x')).toBe(false);
  });

  it('refuses webviews', () => {
    expect(fakeContents().emit('will-attach-webview', {}, {})).toBe(true);
  });

  it('denies every window.open, including to our own origin', () => {
    const { contents } = fakeContents();
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    const handler = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => { action: string };
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler({ url: DEV })).toEqual({ action: 'deny' });
  });
});

describe('session policy', () => {
  function fakeSession() {
    const session = {
      webRequest: { onHeadersReceived: vi.fn() },
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
    };
    installSessionPolicy(session as never);
    return {
      onHeaders: session.webRequest.onHeadersReceived.mock.calls[0]![0] as (d: unknown, cb: (r: unknown) => void) => void,
      onRequest: session.setPermissionRequestHandler.mock.calls[0]![0] as (c: unknown, p: string, cb: (ok: boolean) => void, d: unknown) => void,
      onCheck: session.setPermissionCheckHandler.mock.calls[0]![0] as (c: unknown, p: string, origin: string) => boolean,
    };
  }

  it('denies every permission request and check, even from our own origin', () => {
    const { onRequest, onCheck } = fakeSession();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const grant = vi.fn();
      onRequest(null, permission, grant, { requestingUrl: DEV });
      expect(grant).toHaveBeenCalledExactlyOnceWith(false);
      expect(onCheck(null, permission, DEV)).toBe(false);
    }
  });

  it('adds the CSP header to every response', () => {
    const reply = vi.fn();
    fakeSession().onHeaders({ url: DEV, responseHeaders: { 'X-Other': ['1'] } }, reply);
    expect(reply).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
});

describe('IPC senders', () => {
  const event = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } }) as never;

  it('trusts only our top-level frame', () => {
    expect(isTrustedSender(event(DEV), DEV)).toBe(true);
    expect(isTrustedSender(event('https://evil.example/'), DEV)).toBe(false);
    expect(isTrustedSender(event(DEV, {}), DEV)).toBe(false);
    expect(isTrustedSender({ senderFrame: null } as never, DEV)).toBe(false);
  });
});
