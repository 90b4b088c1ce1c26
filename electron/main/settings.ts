import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What the desktop app remembers between runs, in `settings.json` of the user-data folder. */
export interface Settings {
  lastWorkspace: string | null;
  recent: string[];
}

const MAX_RECENT = 8;

export function settingsPath(userData: string): string {
  return join(userData, 'settings.json');
}

export function defaultWorkspace(userData: string): string {
  return join(userData, 'workspace.duckdb');
}

/** Reads the settings; a missing or damaged file gives the defaults rather than an error. */
export function loadSettings(file: string): Settings {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<Settings>;
    return {
      lastWorkspace: typeof raw.lastWorkspace === 'string' ? raw.lastWorkspace : null,
      recent: Array.isArray(raw.recent) ? raw.recent.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT) : [],
    };
  } catch {
    return { lastWorkspace: null, recent: [] };
  }
}

export function saveSettings(file: string, settings: Settings): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(settings, null, 2));
}

/** Records `path` as the workspace in use: first in the recent list, reopened on next start. */
export function rememberWorkspace(settings: Settings, path: string): Settings {
  return { lastWorkspace: path, recent: [path, ...settings.recent.filter((p) => p !== path)].slice(0, MAX_RECENT) };
}

/** The workspace to open on start: the last one if it still exists, else the default one. */
export function startupWorkspace(settings: Settings, userData: string): string {
  return settings.lastWorkspace && existsSync(settings.lastWorkspace) ? settings.lastWorkspace : defaultWorkspace(userData);
}
