import type { MenuItemConstructorOptions } from 'electron';

/** What the menu can ask the app to do; index.ts supplies the implementations. */
export interface MenuActions {
  newWorkspace(): void;
  openWorkspace(): void;
  openRecent(path: string): void;
  importFiles(): void;
  exportData(): void;
  showView(view: 'live' | 'explore'): void;
  about(): void;
  showDemos(): void;
  openLogs(): void;
  quit(): void;
}

/** The application menu as plain data, so tests can check it without Electron. */
export function menuTemplate(actions: MenuActions, recent: readonly string[], isMac: boolean): MenuItemConstructorOptions[] {
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'New Workspace…', accelerator: 'CmdOrCtrl+N', click: () => actions.newWorkspace() },
        { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => actions.openWorkspace() },
        {
          label: 'Open Recent',
          submenu: recent.length ? recent.map((path) => ({ label: path, click: () => actions.openRecent(path) })) : [{ label: 'No recent workspaces', enabled: false }],
        },
        { type: 'separator' },
        { label: 'Import File…', accelerator: 'CmdOrCtrl+I', click: () => actions.importFiles() },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportData() },
        { type: 'separator' },
        { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
      ],
    },
    {
      label: '&View',
      submenu: [
        { label: 'Live', accelerator: 'Alt+1', click: () => actions.showView('live') },
        { label: 'Explore', accelerator: 'Alt+2', click: () => actions.showView('explore') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Help',
      submenu: [
        { label: 'Demos…', click: () => actions.showDemos() },
        { label: 'About ServoLab', click: () => actions.about() },
        { label: 'Open Logs Folder', click: () => actions.openLogs() },
      ],
    },
  ];
}
