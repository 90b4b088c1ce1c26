import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultWorkspace, loadSettings, rememberWorkspace, saveSettings, settingsPath, startupWorkspace } from './settings';

describe('settings', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'servolab-settings-'));

  it('round-trips and keeps the recent list unique, newest first, at most 8', () => {
    const file = settingsPath(dir());
    let s = loadSettings(file);
    expect(s).toEqual({ lastWorkspace: null, recent: [] });
    for (let i = 0; i < 10; i++) s = rememberWorkspace(s, `/w/${i}.duckdb`);
    s = rememberWorkspace(s, '/w/5.duckdb');
    saveSettings(file, s);
    const back = loadSettings(file);
    expect(back.lastWorkspace).toBe('/w/5.duckdb');
    expect(back.recent).toEqual(['/w/5.duckdb', '/w/9.duckdb', '/w/8.duckdb', '/w/7.duckdb', '/w/6.duckdb', '/w/4.duckdb', '/w/3.duckdb', '/w/2.duckdb']);
  });

  it('falls back to defaults on a damaged file and to the default workspace when the last one is gone', () => {
    const d = dir();
    writeFileSync(settingsPath(d), '{ not json');
    const s = loadSettings(settingsPath(d));
    expect(s).toEqual({ lastWorkspace: null, recent: [] });
    expect(startupWorkspace({ lastWorkspace: '/nowhere/x.duckdb', recent: [] }, d)).toBe(defaultWorkspace(d));
    const existing = join(d, 'settings.json');
    expect(startupWorkspace({ lastWorkspace: existing, recent: [] }, d)).toBe(existing);
  });
});
