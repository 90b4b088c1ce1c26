import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import icon from '../../resources/icon.png?asset';
import { setResourcesDir } from '../../core/cli/bundle-paths';
import { LabLog } from '../../core/log/lab-log';
import { CHANNELS } from '../shared/bridge';
import { registerIpc } from './ipc';
import { importFiles } from './import-files';
import { LabHost } from './lab-host';
import { metricsOptions, startDesktopMetrics } from './metrics';
import { createLog } from './log';
import { IpcUploads } from './uploads';
import { menuTemplate, type MenuActions } from './menu';
import { contentSecurityPolicy, hardenContents, installSessionPolicy } from './security';
import { loadSettings, rememberWorkspace, saveSettings, settingsPath, startupWorkspace, type Settings } from './settings';
import { createMainWindow, isDevServerUrl, mainWindowOptions, preloadPath, rendererUrl } from './window';

// The main process entry: wiring only. Every policy lives in security.ts, ipc.ts and window.ts;
// every piece of engine work in core (through LabHost).
const appUrl = rendererUrl(process.env.ELECTRON_RENDERER_URL, app.isPackaged, import.meta.dirname);
// A demo opened from the page builds its own workspace; the host then switches to it like File → Open.
const host = new LabHost(CHANNELS.event, (path) => void switchWorkspace(path));

let settings: Settings = { lastWorkspace: null, recent: [] };
// Until the structured log is open (app ready), lines go to the plain main.log.
const earlyLog = createLog(() => app.getPath('logs'));
const log = (level: 'info' | 'error', message: string): void => (host.log ? host.log.for('app')[level](message) : earlyLog(level, message));

function openWindow(): BrowserWindow {
  const options = mainWindowOptions(preloadPath(import.meta.dirname), process.platform === 'linux' ? icon : undefined);
  return createMainWindow(BrowserWindow, appUrl, options);
}

function focusExistingWindow(): void {
  const [window] = BrowserWindow.getAllWindows();
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.focus();
}

function sendCommand(command: string): void {
  for (const window of BrowserWindow.getAllWindows()) window.webContents.send(CHANNELS.command, command);
}

/** Opens a workspace, remembers it, and reloads the UI onto it; failures are shown, not thrown. */
async function switchWorkspace(path: string): Promise<void> {
  try {
    await host.open(path);
    log('info', `opened workspace ${path}`);
    settings = rememberWorkspace(settings, path);
    saveSettings(settingsPath(app.getPath('userData')), settings);
    installMenu();
    for (const window of BrowserWindow.getAllWindows()) {
      window.setTitle(`ServoLab — ${path}`);
      window.webContents.reload();
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log('error', `cannot open workspace ${path}: ${message}`);
    dialog.showErrorBox('Cannot open workspace', message);
  }
}

let metricsUrl: string | null = null;

/** The opt-in Prometheus endpoint (--metrics-port=P); a bad option is reported, the app still starts. */
async function startMetricsIfAsked(userData: string): Promise<void> {
  try {
    const options = metricsOptions(process.argv, process.env);
    if (!options) return;
    const server = await startDesktopMetrics(options, () => host.current, userData);
    host.log?.addSecret(server.token);
    metricsUrl = server.url;
    log('info', `metrics at ${server.url}${server.tokenFile ? ` (token in ${server.tokenFile})` : ''}`);
    app.on('will-quit', () => void server.close());
  } catch (e) {
    log('error', `metrics: ${e instanceof Error ? e.message : String(e)}`);
    dialog.showErrorBox('Metrics endpoint', e instanceof Error ? e.message : String(e));
  }
}

const actions: MenuActions = {
  newWorkspace: () => {
    void dialog
      .showSaveDialog({ title: 'New workspace', defaultPath: 'workspace.duckdb', filters: [{ name: 'ServoLab workspace', extensions: ['duckdb'] }] })
      .then((r) => (r.canceled || !r.filePath ? undefined : switchWorkspace(r.filePath)));
  },
  openWorkspace: () => {
    void dialog
      .showOpenDialog({ title: 'Open workspace', properties: ['openFile'], filters: [{ name: 'ServoLab workspace', extensions: ['duckdb'] }] })
      .then((r) => (r.canceled || !r.filePaths[0] ? undefined : switchWorkspace(r.filePaths[0])));
  },
  openRecent: (path) => void switchWorkspace(path),
  importFiles: () =>
    void importFiles({
      showOpenDialog: (options) => dialog.showOpenDialog(options),
      stage: (paths) => host.stage(paths),
      send: sendCommand,
      showError: (title, message) => dialog.showErrorBox(title, message),
    }),
  exportData: () => sendCommand('export'),
  showDemos: () => sendCommand('demos'),
  showView: (view) => sendCommand(`view:${view}`),
  about: () => {
    void dialog.showMessageBox({ type: 'info', title: 'About ServoLab', message: `ServoLab ${app.getVersion()}`, detail: `Workspace: ${host.path ?? 'none'}${metricsUrl ? `\nMetrics: ${metricsUrl}` : ''}` });
  },
  openLogs: () => {
    mkdirSync(app.getPath('logs'), { recursive: true });
    void shell.openPath(app.getPath('logs'));
  },
  quit: () => app.quit(),
};

function installMenu(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(actions, settings.recent, process.platform === 'darwin')));
}

app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusExistingWindow);
  // Every web contents (the window's and any a bug might create) gets the navigation guards.
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, appUrl));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void host.close().then(() => host.log?.close()));
  void app.whenReady().then(async () => {
    host.log = await LabLog.create({ dir: app.getPath('logs') }).catch(() => null);
    log('info', `ServoLab ${app.getVersion()} starting`);
    installSessionPolicy(session.defaultSession, contentSecurityPolicy({ devServer: isDevServerUrl(appUrl) }));
    registerIpc(ipcMain, appUrl, app.getVersion(), host, new IpcUploads(() => host.inbox));
    // Demos and shipped data: resources/ of the checkout, or the installer's extraResources.
    setResourcesDir(pathToFileURL(`${app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources')}/`));
    const userData = app.getPath('userData');
    mkdirSync(userData, { recursive: true });
    settings = loadSettings(settingsPath(userData));
    await switchWorkspace(startupWorkspace(settings, userData));
    await startMetricsIfAsked(userData);
    installMenu();
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });
}
