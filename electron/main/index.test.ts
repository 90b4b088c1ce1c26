import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../shared/bridge';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy } from './security';

/*
 * The main entry with the whole electron module replaced by a fake: checks the wiring (single
 * instance, sandbox, session policy, guards on every web contents, IPC, the window it opens).
 * Each test imports a fresh copy of the entry against a fresh fake (vi.doMock + resetModules).
 */
function createFakeElectron(options: { lock: boolean; isPackaged: boolean }) {
  const userData = mkdtempSync(join(tmpdir(), 'servolab-userdata-'));
  let ready!: () => void;
  const readyPromise = new Promise<void>((resolve) => (ready = resolve));
  const appEvents = new EventEmitter();
  const windows: FakeWindow[] = [];
  const ipcHandlers = new Map<string, (event: unknown) => unknown>();
  const calls: string[] = [];

  class FakeWindow extends EventEmitter {
    static getAllWindows = () => windows;
    setTitle = vi.fn();
    webContents = { send: vi.fn(), reload: vi.fn() };
    loadURL = vi.fn(() => Promise.resolve());
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = () => false;
    constructor(public options: Electron.BrowserWindowConstructorOptions) {
      super();
      windows.push(this);
    }
  }

  const app = Object.assign(appEvents, {
    isPackaged: options.isPackaged,
    enableSandbox: vi.fn(() => calls.push('enableSandbox')),
    requestSingleInstanceLock: vi.fn(() => {
      calls.push('requestSingleInstanceLock');
      return options.lock;
    }),
    quit: vi.fn(),
    getVersion: () => '9.8.7',
    getPath: (name: string) => join(userData, name),
    getAppPath: () => join(import.meta.dirname, '..', '..'),
    whenReady: () => readyPromise,
  });
  const defaultSession = {
    webRequest: { onHeadersReceived: vi.fn() },
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
  };
  const ipcMain = { handle: vi.fn((channel: string, fn: (event: unknown) => unknown) => ipcHandlers.set(channel, fn)) };
  const menu = { buildFromTemplate: vi.fn((template: unknown) => template), setApplicationMenu: vi.fn() };
  const dialog = { showErrorBox: vi.fn(), showSaveDialog: vi.fn(), showOpenDialog: vi.fn(), showMessageBox: vi.fn() };
  const module = { app, BrowserWindow: FakeWindow, ipcMain, session: { defaultSession }, Menu: menu, dialog, shell: { openPath: vi.fn() } };
  return { module, ready: () => ready(), windows, ipcHandlers, defaultSession, calls, menu, dialog, userData };
}

async function start(options: { lock?: boolean; isPackaged?: boolean; devServer?: string } = {}) {
  const electron = createFakeElectron({ lock: options.lock ?? true, isPackaged: options.isPackaged ?? false });
  vi.stubEnv('ELECTRON_RENDERER_URL', options.devServer);
  vi.resetModules();
  vi.doMock('electron', () => electron.module);
  vi.doMock('../../resources/icon.png?asset', () => ({ default: '/app/resources/icon.png' }));
  await import('./index');
  electron.ready();
  // Start-up opens the workspace (DuckDB) before the window: wait for the window, or for quit.
  for (let i = 0; i < 200 && electron.windows.length === 0 && !electron.module.app.quit.mock.calls.length; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return electron;
}

const frame = (url: string) => ({ senderFrame: { url, parent: null } });

describe('main process entry', () => {
  beforeEach(() => vi.unstubAllEnvs());
  afterEach(() => vi.unstubAllEnvs());

  it('quits at once when another instance holds the lock', async () => {
    const electron = await start({ lock: false });
    expect(electron.module.app.quit).toHaveBeenCalled();
    expect(electron.windows).toHaveLength(0);
    expect(electron.ipcHandlers.size).toBe(0);
  });

  it('enables the sandbox for every renderer before anything else', async () => {
    const electron = await start();
    expect(electron.module.app.enableSandbox).toHaveBeenCalledTimes(1);
    expect(electron.calls).toEqual(['enableSandbox', 'requestSingleInstanceLock']);
  });

  it('opens one sandboxed, isolated window on the dev server in development', async () => {
    const electron = await start({ devServer: 'http://localhost:5173' });
    expect(electron.windows).toHaveLength(1);
    const [window] = electron.windows;
    expect(window!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(window!.options.webPreferences!.preload).toMatch(/[/\\]preload[/\\]index\.cjs$/);
    expect(window!.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
  });

  it('loads the built files when packaged, whatever the environment says', async () => {
    const electron = await start({ isPackaged: true, devServer: 'http://localhost:5173' });
    const url = electron.windows[0]!.loadURL.mock.calls[0] as unknown as [string];
    expect(url[0]).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
  });

  it('installs the session policy: CSP header and permissions denied', async () => {
    const electron = await start();
    expect(electron.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalledTimes(1);
    const onRequest = electron.defaultSession.setPermissionRequestHandler.mock.calls[0]![0] as (
      c: unknown,
      p: string,
      cb: (ok: boolean) => void,
    ) => void;
    const grant = vi.fn();
    onRequest(null, 'media', grant);
    expect(grant).toHaveBeenCalledWith(false);
    const reply = vi.fn();
    const onHeaders = electron.defaultSession.webRequest.onHeadersReceived.mock.calls[0]![0] as (d: unknown, cb: (r: unknown) => void) => void;
    onHeaders({ responseHeaders: {} }, reply);
    expect(reply).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  it('admits the dev server preamble only when running on the dev server', async () => {
    const electron = await start({ devServer: 'http://localhost:5173' });
    const reply = vi.fn();
    const onHeaders = electron.defaultSession.webRequest.onHeadersReceived.mock.calls[0]![0] as (d: unknown, cb: (r: unknown) => void) => void;
    onHeaders({ responseHeaders: {} }, reply);
    expect(reply).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [contentSecurityPolicy({ devServer: true })] } });
  });

  it('guards every web contents created: foreign navigation and window.open', async () => {
    const electron = await start({ devServer: 'http://localhost:5173' });
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    electron.module.app.emit('web-contents-created', {}, contents);
    const navigation = { preventDefault: vi.fn() };
    contents.emit('will-navigate', navigation, 'https://evil.example/');
    expect(navigation.preventDefault).toHaveBeenCalled();
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]![0] as () => unknown;
    expect(openHandler()).toEqual({ action: 'deny' });
  });

  it('answers lab:version to its own renderer only', async () => {
    const electron = await start({ devServer: 'http://localhost:5173' });
    const handler = electron.ipcHandlers.get(CHANNELS.version)!;
    expect(handler(frame('http://localhost:5173/'))).toBe('9.8.7');
    expect(() => handler(frame('https://evil.example/'))).toThrow(/untrusted sender/);
  });

  it('opens the default workspace in the user-data folder, remembers it, and installs the menu', async () => {
    const electron = await start();
    expect(existsSync(join(electron.userData, 'userData', 'workspace.duckdb'))).toBe(true);
    const settings = JSON.parse(readFileSync(join(electron.userData, 'userData', 'settings.json'), 'utf8'));
    expect(settings.lastWorkspace).toBe(join(electron.userData, 'userData', 'workspace.duckdb'));
    expect(electron.menu.setApplicationMenu).toHaveBeenCalled();
    const template = electron.menu.buildFromTemplate.mock.calls.at(-1)![0] as { label?: string }[];
    expect(template.map((m) => m.label).filter(Boolean)).toEqual(['&File', '&View', '&Help']);
  });

  it('answers LabApi calls from its renderer and refuses others', async () => {
    const electron = await start({ devServer: 'http://localhost:5173' });
    const handler = electron.ipcHandlers.get(CHANNELS.call)! as (event: unknown, method: string, params: unknown) => Promise<unknown>;
    const sender = Object.assign(new EventEmitter(), { id: 1, isDestroyed: () => false, send: vi.fn() });
    const trusted = { ...frame('http://localhost:5173/'), sender };
    expect(await handler(trusted, 'workspaceInfo', {})).toMatchObject({ ok: true, value: { readings: 0 } });
    expect(await handler(trusted, 'simulationStart', { profile: 'nope' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(() => handler({ ...frame('https://evil.example/'), sender }, 'workspaceInfo', {})).toThrow(/untrusted sender/);
  });

  it('focuses the existing window when a second instance starts', async () => {
    const electron = await start();
    electron.module.app.emit('second-instance');
    expect(electron.windows[0]!.focus).toHaveBeenCalled();
    expect(electron.windows).toHaveLength(1);
  });
});
