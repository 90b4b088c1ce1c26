import { describe, expect, it, vi } from 'vitest';
import { menuTemplate, type MenuActions } from './menu';

type Item = { label?: string; role?: string; enabled?: boolean; accelerator?: string; click?: () => void; submenu?: Item[] };

function actions(): MenuActions {
  return {
    newWorkspace: vi.fn(),
    openWorkspace: vi.fn(),
    openRecent: vi.fn(),
    importFiles: vi.fn(),
    exportData: vi.fn(),
    showView: vi.fn(),
    about: vi.fn(),
    showDemos: vi.fn(),
    openLogs: vi.fn(),
    quit: vi.fn(),
  };
}

const find = (items: Item[], label: string) => items.find((i) => i.label === label)!;

describe('application menu', () => {
  it('has File, View and Help with the documented entries', () => {
    const template = menuTemplate(actions(), [], false) as Item[];
    expect(template.map((m) => m.label)).toEqual(['&File', '&View', '&Help']);
    const file = find(template, '&File').submenu!.filter((i) => i.label).map((i) => i.label);
    expect(file).toEqual(['New Workspace…', 'Open Workspace…', 'Open Recent', 'Import File…', 'Export…', 'Quit']);
    expect(find(find(template, '&Help').submenu!, 'Open Logs Folder')).toBeDefined();
    expect(find(find(template, '&File').submenu!, 'Import File…').enabled).not.toBe(false);
  });

  it('wires every entry to its action, recent workspaces included', () => {
    const a = actions();
    const template = menuTemplate(a, ['/data/a.duckdb', '/data/b.duckdb'], true) as Item[];
    expect(template[0]).toEqual({ role: 'appMenu' });
    const file = find(template, '&File').submenu!;
    find(file, 'New Workspace…').click!();
    find(file, 'Open Workspace…').click!();
    find(file, 'Import File…').click!();
    find(file, 'Export…').click!();
    find(file, 'Quit').click!();
    const recent = find(file, 'Open Recent').submenu!;
    expect(recent.map((r) => r.label)).toEqual(['/data/a.duckdb', '/data/b.duckdb']);
    recent[1]!.click!();
    find(find(template, '&View').submenu!, 'Explore').click!();
    find(find(template, '&Help').submenu!, 'About ServoLab').click!();
    find(find(template, '&Help').submenu!, 'Open Logs Folder').click!();
    find(find(template, '&Help').submenu!, 'Demos…').click!();
    expect(a.newWorkspace).toHaveBeenCalled();
    expect(a.openWorkspace).toHaveBeenCalled();
    expect(a.importFiles).toHaveBeenCalled();
    expect(a.exportData).toHaveBeenCalled();
    expect(a.quit).toHaveBeenCalled();
    expect(a.openRecent).toHaveBeenCalledWith('/data/b.duckdb');
    expect(a.showView).toHaveBeenCalledWith('explore');
    expect(a.about).toHaveBeenCalled();
    expect(a.openLogs).toHaveBeenCalled();
    expect(a.showDemos).toHaveBeenCalled();
  });

  it('says so when there are no recent workspaces', () => {
    const recent = find(find(menuTemplate(actions(), [], false) as Item[], '&File').submenu!, 'Open Recent').submenu!;
    expect(recent).toEqual([{ label: 'No recent workspaces', enabled: false }]);
  });
});
