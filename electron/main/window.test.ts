import { describe, expect, it, vi } from 'vitest';
import { createMainWindow, isDevServerUrl, mainWindowOptions, preloadPath, rendererUrl } from './window';

vi.mock('electron', () => ({}));

const MAIN_DIR = '/opt/ServoLab/resources/app.asar/out/main';
const BUILT = 'file:///opt/ServoLab/resources/app.asar/out/renderer/index.html';

describe('renderer URL', () => {
  it('uses the dev server in development', () => {
    expect(rendererUrl('http://localhost:5173', false, MAIN_DIR)).toBe('http://localhost:5173/');
    expect(rendererUrl('http://127.0.0.1:5180/', false, MAIN_DIR)).toBe('http://127.0.0.1:5180/');
  });

  it('uses the built files otherwise', () => {
    expect(rendererUrl(undefined, false, MAIN_DIR)).toBe(BUILT);
    expect(rendererUrl('', false, MAIN_DIR)).toBe(BUILT);
  });

  it('cannot be redirected by the environment in a packaged app or to a non-loopback host', () => {
    expect(rendererUrl('http://localhost:5173', true, MAIN_DIR)).toBe(BUILT);
    expect(rendererUrl('https://evil.example/', false, MAIN_DIR)).toBe(BUILT);
    expect(rendererUrl('http://192.168.1.9:5173/', false, MAIN_DIR)).toBe(BUILT);
    expect(rendererUrl('file:///tmp/evil.html', false, MAIN_DIR)).toBe(BUILT);
    expect(rendererUrl('not a url', false, MAIN_DIR)).toBe(BUILT);
  });

  it('tells the dev server from the built files', () => {
    expect(isDevServerUrl(rendererUrl('http://localhost:5173', false, MAIN_DIR))).toBe(true);
    expect(isDevServerUrl(rendererUrl(undefined, false, MAIN_DIR))).toBe(false);
  });

  it('finds the CommonJS preload next to main', () => {
    expect(preloadPath(MAIN_DIR)).toBe('/opt/ServoLab/resources/app.asar/out/preload/index.cjs');
  });
});

describe('main window', () => {
  it('uses the secure preferences and shows only when ready', () => {
    const options = mainWindowOptions('/p/index.cjs', '/r/icon.png');
    expect(options).toMatchObject({ show: false, title: 'ServoLab', icon: '/r/icon.png' });
    expect(options.webPreferences).toMatchObject({ preload: '/p/index.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(mainWindowOptions('/p/index.cjs')).not.toHaveProperty('icon');
  });

  it('loads the app URL and shows on ready-to-show', () => {
    const once = new Map<string, () => void>();
    const instances: Array<{ options: unknown; show: ReturnType<typeof vi.fn>; loadURL: ReturnType<typeof vi.fn> }> = [];
    class FakeWindow {
      show = vi.fn();
      loadURL = vi.fn(() => Promise.resolve());
      once = (event: string, fn: () => void) => once.set(event, fn);
      constructor(public options: unknown) {
        instances.push(this);
      }
    }
    const options = mainWindowOptions('/p/index.cjs');
    createMainWindow(FakeWindow as never, BUILT, options);
    const [window] = instances;
    expect(window!.options).toBe(options);
    expect(window!.loadURL).toHaveBeenCalledWith(BUILT);
    expect(window!.show).not.toHaveBeenCalled();
    once.get('ready-to-show')!();
    expect(window!.show).toHaveBeenCalled();
  });
});
