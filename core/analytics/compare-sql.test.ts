import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocateBatch } from '../model';
import { Ingestor } from '../ingest/ingestor';
import { Workspace } from '../store/workspace';
import { comparePeriods } from './compare';
import { runReadOnlySql } from './sql';

const T0 = Date.UTC(2026, 2, 1);

async function workspace() {
  const ws = await Workspace.open(':memory:');
  const ingestor = await Ingestor.create(ws);
  const b = allocateBatch(200, ['A'], ['temp', 'rpm']);
  for (let i = 0; i < 100; i++) {
    b.ts[i] = T0 + i * 1000;
    b.value[i] = i < 50 ? 20 : 30; // temp: 20 in the first period, 30 in the second
    b.ts[100 + i] = T0 + i * 1000;
    b.sensor[100 + i] = 1;
    b.value[100 + i] = 1000 + (i < 50 ? 0 : i);
  }
  b.length = 200;
  await ingestor.ingest(b, { source: 'test' });
  return { ws, catalog: ingestor.catalog };
}

describe('period comparison', () => {
  it('puts the stats of two periods side by side with their difference', async () => {
    const { ws, catalog } = await workspace();
    const c = await comparePeriods(ws, catalog, { a: { from: T0, to: T0 + 50_000 }, b: { from: T0 + 50_000, to: T0 + 100_000 } });
    const temp = c.find((x) => x.sensor === 'temp')!;
    expect(temp.a).toMatchObject({ count: 50, mean: 20 });
    expect(temp.b).toMatchObject({ count: 50, mean: 30 });
    expect(temp.diff).toMatchObject({ count: 0, mean: 10, meanPercent: 50, min: 10, max: 10 });
    const only = await comparePeriods(ws, catalog, { a: { from: T0, to: T0 + 1000 }, b: { from: T0 + 500_000, to: T0 + 600_000 }, sensor: 'rpm' });
    expect(only).toEqual([expect.objectContaining({ sensor: 'rpm', b: null, diff: null })]);
    await expect(comparePeriods(ws, catalog, { a: { from: 2, to: 1 }, b: { from: 1, to: 2 } })).rejects.toThrow(/period a/);
    ws.close();
  });
});

describe('read-only SQL console', () => {
  it('answers SELECTs with typed columns, JSON-safe cells and a row cap', async () => {
    const { ws } = await workspace();
    const r = await runReadOnlySql(ws, { sql: `SELECT s.name, count(*) AS n, max(r.ts) AS last, 2::HUGEINT ** 70 AS big FROM readings r JOIN sensors s ON s.id = r.sensor GROUP BY 1 ORDER BY 1` });
    expect(r.columns.map((c) => c.name)).toEqual(['name', 'n', 'last', 'big']);
    expect(r.rows[0]!.slice(0, 2)).toEqual(['rpm', 100]);
    expect(typeof r.rows[0]![2]).toBe('string');
    const capped = await runReadOnlySql(ws, { sql: 'SELECT * FROM range(100000)', maxRows: 10 });
    expect(capped).toMatchObject({ truncated: true });
    expect(capped.rows).toHaveLength(10);
    ws.close();
  });

  it('refuses every statement that writes, and leaves the workspace unchanged', async () => {
    const { ws } = await workspace();
    const refused = [
      'INSERT INTO readings SELECT * FROM readings',
      'DELETE FROM readings',
      'DROP TABLE readings',
      "COPY readings TO '/tmp/x.csv'",
      'CREATE TABLE x AS SELECT 1',
      'SELECT 1; DELETE FROM readings',
      "ATTACH ':memory:' AS other",
      'SET threads = 1',
      'CHECKPOINT',
      'EXPLAIN ANALYZE DELETE FROM readings',
    ];
    for (const sql of refused) await expect(runReadOnlySql(ws, { sql }), sql).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(runReadOnlySql(ws, { sql: "SELECT nextval('quarantine_id')" })).rejects.toThrow(/read-only|Cannot/i);
    await expect(runReadOnlySql(ws, { sql: 'SELEC 1' })).rejects.toThrow(/syntax error/);
    expect((await ws.rows(`SELECT count(*) AS n FROM readings`))[0]).toEqual({ n: 200n });
    // A UI's console stays inside the workspace: no files, URLs or environment.
    const secret = join(mkdtempSync(join(tmpdir(), 'servolab-secret-')), 'secret.csv');
    writeFileSync(secret, 'password\nhunter2\n');
    const outside = [
      `SELECT * FROM read_csv('${secret}')`,
      `SELECT * FROM '${secret}'`,
      `SELECT * FROM readings WHERE value IN (SELECT password FROM read_csv_auto('${secret}'))`,
      `WITH x AS (SELECT * FROM read_text('${secret}')) SELECT * FROM x`,
      `SELECT getenv('HOME')`,
      `EXPLAIN SELECT * FROM read_parquet('${secret}')`,
      `SELECT * FROM glob('/etc/*')`,
    ];
    for (const sql of outside) await expect(runReadOnlySql(ws, { sql }), sql).rejects.toThrow(/reads only the workspace/);
    expect((await runReadOnlySql(ws, { sql: 'WITH r AS (SELECT * FROM range(3)) SELECT count(*) FROM r, readings' })).rows).toEqual([[600]]);
    // The local CLI (the machine's own user) may read files.
    expect((await runReadOnlySql(ws, { sql: `SELECT * FROM read_csv('${secret}')`, allowOutsideReads: true })).rows).toEqual([['hunter2']]);
    ws.close();
  });

  it('stops a long query on cancel', async () => {
    const { ws } = await workspace();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    await expect(runReadOnlySql(ws, { sql: 'SELECT count(*) FROM range(10000000000) a, range(10) b WHERE a.range % 7 = b.range', signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await runReadOnlySql(ws, { sql: 'SELECT 1 AS one' })).rows).toEqual([[1]]);
    ws.close();
  });
});
