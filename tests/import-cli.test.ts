import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servolab } from './support/cli';
import { expectOneLineError, servolabJson } from './support/expect-cli';

const DATA = join(__dirname, '..', 'resources', 'data');

const json = servolabJson;


function sensorsCsv(rows: number): string {
  const lines = ['event_time,machine_id,temperature,vibration,rpm'];
  for (let i = 0; i < rows; i++) {
    lines.push(`${new Date(Date.UTC(2026, 2, 1) + Math.floor(i / 2) * 100).toISOString()},M-00${(i % 2) + 1},${70 + (i % 9)},0.0${i % 5},${1500 + i}`);
  }
  return lines.join('\n') + '\n';
}

describe('servolab import, window, quarantine, sql (built)', () => {
  it('lists the new commands', async () => {
    const r = await servolab('--help');
    for (const c of ['import', 'window', 'quarantine', 'sql']) expect(r.stdout).toContain(c);
  });

  it('imports, refuses a re-import, windows, quarantines and answers SQL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'servolab-import-cli-'));
    const db = join(dir, 'lab.duckdb');
    const csv = join(dir, 'sensors.csv');
    writeFileSync(csv, sensorsCsv(1200));

    const preview = await servolab('import', csv, '--db', db, '--preview');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/recognised: servosense/);
    expect(preview.stdout).toMatch(/values \(wide\): temperature, vibration, rpm/);
    expect(existsSync(db)).toBe(false); // a preview writes nothing

    const first = await json('import', csv, '--db', db);
    expect(first).toMatchObject({ imported: 3600, quarantined: 0 });
    expect(first.seconds).toBeGreaterThan(0);
    expectOneLineError(await servolab('import', csv, '--db', db), 1, /already imported \(import #1.*--again/);
    expect((await json('import', csv, '--db', db, '--again')).imported).toBe(3600);
    const history = await json('import', '--history', '--db', db);
    expect(history.imports).toHaveLength(2);

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'time,machine,v\n2026-03-01T00:00:00Z,A,1\n2026-03-01T00:00:01Z,A,oops\nnever,A,3\n2026-03-01T00:00:03Z,A,4,5\n');
    expect(await json('import', bad, '--db', db)).toMatchObject({ imported: 1, quarantined: 3 });
    const q = await json('quarantine', '--db', db, '--source', 'bad.csv');
    expect(q.total).toBe(3);
    expect(q.rows.map((r: { location: string }) => r.location)).toEqual(['bad.csv:3', 'bad.csv:5', 'bad.csv:4']);
    const qText = await servolab('quarantine', '--db', db);
    expect(qText.stdout).toMatch(/unparseable timestamp "never"/);

    const w = await json('window', '--db', db, '--every', '10s', '--machine', 'M-001', '--sensor', 'rpm', '--agg', 'count,avg');
    expect(w.level).toBe('1s');
    expect(w.rows.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(1200); // 600 rows × 2 imports
    expect(Object.keys(w.rows[0])).toEqual(['machine', 'sensor', 'start', 'end', 'count', 'avg']);
    const hop = await json('window', '--db', db, '--every', '1m', '--hop', '30s');
    expect(hop.rows.length).toBeGreaterThan(0);

    const table = await json('import', join(DATA, 'ai4i2020.csv'), '--db', db);
    expect(table.imports[0]).toMatchObject({ target: 'training.ai4i2020', imported: 10000 });
    const sql = await json('sql', '--db', db, 'SELECT count(*) AS n, sum("Machine failure") AS failures FROM training.ai4i2020');
    expect(sql.rows).toEqual([[10000, 339]]);
    expectOneLineError(await servolab('sql', '--db', db, 'DELETE FROM readings'), 1, /read-only/);
    const after = await json('sql', '--db', db, 'SELECT count(*) FROM readings');
    expect(after.rows).toEqual([[3600 * 2 + 1]]);
  }, 120_000);

  it('imports a Sensor Logger zip and gives one-line errors for bad input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'servolab-import-cli-'));
    const db = join(dir, 'lab.duckdb');
    const r = await json('import', join(DATA, 'sensorlogger-sample.zip'), '--db', db);
    expect(r.imports[0]).toMatchObject({ format: 'sensorlogger', imported: 1380, machines: ['Pixel 7'] });
    expectOneLineError(await servolab('import', '--db', db), 2, /give at least one FILE/);
    expectOneLineError(await servolab('import', join(dir, 'missing.csv'), '--db', db), 1, /file not found/);
    expectOneLineError(await servolab('import', join(DATA, 'ai4i2020.csv'), '--db', db, '--format', 'bogus'), 2, /--format must be one of/);
    expectOneLineError(await servolab('import', join(DATA, 'ai4i2020.csv'), '--db', db, '--long', 'a'), 2, /--long takes/);
    expectOneLineError(await servolab('window', '--db', db, '--every', 'soon'), 2, /invalid duration/);
    expectOneLineError(await servolab('sql', '--db', db), 2, /give the SQL statement/);
    const garbage = join(dir, 'garbage.bin');
    writeFileSync(garbage, Buffer.from([0, 1, 2, 3, 255, 0, 7]));
    expectOneLineError(await servolab('import', garbage, '--db', db), 1, /looks like a binary file/);
  }, 60_000);
});
