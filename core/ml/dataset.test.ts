import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../store/catalog';
import { Workspace } from '../store/workspace';
import { importPath } from '../ingest/file-test-util';
import { loadDataset, loadFeatures } from './dataset';
import { parseDerive } from './derive';
import { leakageWarnings } from './leakage';

const AI4I = join(__dirname, '..', '..', 'resources', 'data', 'ai4i2020.csv');

function smallCsv(): string {
  const dir = mkdtempSync(join(tmpdir(), 'servolab-ml-ds-'));
  const lines = ['id,kind,temp,load,broken,label'];
  for (let i = 0; i < 60; i++) lines.push(`${i},${['a', 'b', 'c'][i % 3]},${20 + (i % 7)},${i % 4 === 0 ? '' : i / 10},${i % 5 === 0 ? 1 : 0},${i % 5 === 0 ? 'fail' : 'ok'}`);
  const path = join(dir, 'small.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

async function withWs<T>(fn: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await Workspace.open(':memory:');
  try {
    return await fn(ws);
  } finally {
    ws.close();
  }
}

describe('datasets', () => {
  it('reads typed columns, encodes text, derives features and warns about a leaking one', async () => {
    const path = smallCsv();
    const data = await withWs((ws) =>
      ws.exclusive((con) => loadDataset(con, { kind: 'csv', path }, { label: 'label', drop: ['id'], derive: [parseDerive('heat = "temp" * 2 + "load"')] })),
    );
    expect(data.task).toBe('classification');
    expect(data.classes).toEqual(['ok', 'fail']); // the rarer text value is the positive class
    expect(data.names).toEqual(['kind', 'temp', 'load', 'broken', 'heat']);
    expect(data.encodings).toEqual([{ feature: 'kind', categories: ['a', 'b', 'c'] }]);
    expect(Array.from(data.columns[0]!.slice(0, 4))).toEqual([0, 1, 2, 0]);
    expect(data.columns[2]![0]).toBeNaN(); // empty cell → NaN
    expect(data.columns[4]![1]).toBeCloseTo(21 * 2 + 0.1);
    expect(data.y.reduce((a, b) => a + b, 0)).toBe(12);
    const warnings = leakageWarnings(data, data.y, data.task);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/"broken" alone predicts the label perfectly/);
  });

  it('refuses derived text that is not one expression over the row, and leaves nothing behind', async () => {
    const path = smallCsv();
    await withWs(async (ws) => {
      const attempt = (expr: string) => ws.exclusive((con) => loadDataset(con, { kind: 'csv', path }, { label: 'label', derive: [parseDerive(`x=${expr}`)] }));
      await expect(attempt('"temp") AS a, ("load"')).rejects.toThrow(/single expression/);
      await expect(attempt('(SELECT 1)')).rejects.toThrow(/subqueries are not allowed/);
      await expect(attempt('1); CREATE TABLE pwned AS SELECT (1')).rejects.toThrow(/derived feature "x"/);
      await expect(attempt('avg("temp") OVER ()')).rejects.toThrow(/window functions/);
      await expect(attempt('"temp" -- comment')).rejects.toThrow(/not a valid expression/);
      await expect(attempt('"no such column" + 1')).rejects.toThrow(/no such column/i);
      await expect(attempt("'text'")).rejects.toThrow(/Could not convert|Conversion/i);
      expect(await ws.rows(`SELECT * FROM duckdb_tables() WHERE table_name = 'pwned'`)).toHaveLength(0);
    });
    expect(() => parseDerive('no-equals')).toThrow(/NAME=EXPR/);
  });

  it('reads a workspace training table (AI4I imported) and the same features for prediction', async () => {
    await withWs(async (ws) => {
      await importPath({ ws, catalog: await Catalog.load(ws) }, AI4I);
      const spec = { label: 'Machine failure', drop: ['UDI', 'Product ID', 'TWF', 'HDF', 'PWF', 'OSF', 'RNF'], derive: [parseDerive('dT="Process temperature [K]" - "Air temperature [K]"')] };
      const data = await ws.exclusive((con) => loadDataset(con, { kind: 'table', name: 'ai4i2020' }, spec));
      expect(data.rows).toBe(10_000);
      expect(data.y.reduce((a, b) => a + b, 0)).toBe(339);
      expect(data.source).toBe('training.ai4i2020');
      const again = await ws.exclusive((con) =>
        loadFeatures(con, { kind: 'csv', path: AI4I }, { features: data.names, derived: data.derived, encodings: data.encodings, label: 'Machine failure' }),
      );
      expect(again.x.names).toEqual(data.names);
      data.columns.forEach((c, f) => expect(again.x.columns[f]).toEqual(c));
      await expect(ws.exclusive((con) => loadDataset(con, { kind: 'table', name: 'nope' }, spec))).rejects.toThrow(/no training table "nope"/);
      await expect(ws.exclusive((con) => loadDataset(con, { kind: 'table', name: 'ai4i2020' }, { label: 'Nope' }))).rejects.toThrow(/no label column "Nope"/);
    });
  });
});
