import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLog } from './log';

describe('main log', () => {
  it('appends one timestamped line per event, creating the folder', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'servolab-log-')), 'logs');
    const log = createLog(() => dir);
    log('info', 'opened /w.duckdb');
    log('error', 'cannot open\nworkspace');
    const lines = readFileSync(join(dir, 'main.log'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z info opened \/w\.duckdb$/);
    expect(lines[1]).toMatch(/ error cannot open workspace$/);
  });

  it('never throws when the folder cannot be written', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'servolab-log-')), 'not-a-folder');
    writeFileSync(file, '');
    const log = createLog(() => join(file, 'logs')); // ENOTDIR
    expect(() => log('error', 'x')).not.toThrow();
  });
});
