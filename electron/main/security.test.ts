import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

// The real electron module cannot load outside Electron; the security pieces must not need it.
vi.mock('electron', () => ({}));

const { CONTENT_SECURITY_POLICY, hardenContents, installSessionPolicy, isAppUrl, isTrustedSender, secureWebPreferences } = await import('./security');
const { registerIpc, CHANNELS } = await import('./ipc');

const APP = 'file:///opt/ServoLab/resources/app.asar/out/renderer/index.html';
const DEV = 'http://localhost:5173/';

describe('window security', () => {
  it('isolates and sandboxes the renderer', () => {
    const prefs = secureWebPreferences('/x/preload.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      preload: '/x/preload.cjs',
    });
  });

  it('has a strict content security policy', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-inline/);
    // Network access only to ourselves and the loopback bridge.
    expect(CONTENT_SECURITY_POLICY.split('; ')).toContain("connect-src 'self' ws://127.0.0.1:*");
  });

  it('recognises only our own pages', () => {
    expect(isAppUrl('file:///opt/ServoLab/resources/app.asar/out/renderer/index.html#/live', APP)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', APP)).toBe(false);
    expect(isAppUrl('http://localhost:5173/explore', DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', DEV)).toBe(false);
    expect(isAppUrl('https://evil.example/', DEV)).toBe(false);
    expect(isAppUrl('not a url', DEV)).toBe(false);
  });

  it('blocks foreign navigation, webviews and every new window', () => {
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    hardenContents(contents as never, DEV);
    const foreign = { preventDefault: vi.fn() };
    contents.emit('will-navigate', foreign, 'https://evil.example/');
    expect(foreign.preventDefault).toHaveBeenCalled();
    const own = { preventDefault: vi.fn() };
    contents.emit('will-navigate', own, 'http://localhost:5173/other');
    expect(own.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    const handler = contents.setWindowOpenHandler.mock.calls[0]![0] as () => { action: string };
    expect(handler()).toEqual({ action: 'deny' });
  });

  it('denies permissions and sends the CSP header', () => {
    let onHeaders: ((d: unknown, cb: (r: unknown) => void) => void) | undefined;
    let onPermission: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let onCheck: (() => boolean) | undefined;
    const session = {
      webRequest: { onHeadersReceived: (fn: typeof onHeaders) => (onHeaders = fn) },
      setPermissionRequestHandler: (fn: typeof onPermission) => (onPermission = fn),
      setPermissionCheckHandler: (fn: typeof onCheck) => (onCheck = fn),
    };
    installSessionPolicy(session as never);
    const grant = vi.fn();
    onPermission!(null, 'media', grant);
    expect(grant).toHaveBeenCalledWith(false);
    expect(onCheck!()).toBe(false);
    const reply = vi.fn();
    onHeaders!({ responseHeaders: { 'X-Other': ['1'] } }, reply);
    expect(reply).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
});

describe('IPC', () => {
  const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

  it('trusts only our top-level frame', () => {
    expect(isTrustedSender(frame(DEV) as never, DEV)).toBe(true);
    expect(isTrustedSender(frame('https://evil.example/') as never, DEV)).toBe(false);
    expect(isTrustedSender(frame(DEV, {}) as never, DEV)).toBe(false);
    expect(isTrustedSender({ senderFrame: null } as never, DEV)).toBe(false);
  });

  it('answers the version only to a trusted sender', async () => {
    const handlers = new Map<string, (event: unknown) => unknown>();
    registerIpc({ handle: (channel: string, fn: (event: unknown) => unknown) => handlers.set(channel, fn) } as never, () => DEV, '1.2.3');
    const handler = handlers.get(CHANNELS.version)!;
    expect(handler(frame(DEV))).toBe('1.2.3');
    expect(() => handler(frame('https://evil.example/'))).toThrow(/untrusted sender/);
  });
});
