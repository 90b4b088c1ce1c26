import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { detectFile, importFile } from '../../ingest/file-import';
import { Catalog } from '../../store/catalog';
import { sqlString } from '../../store/series';
import { Workspace } from '../../store/workspace';
import { median, round, type BenchCase } from './harness';

const TARGET_FACTOR = 1.3;
const MACHINES = 10;

/**
 * `csv`: import a wide ServoSense-style CSV (event_time, machine_id, temperature, vibration, rpm;
 * 10 machines at 10 Hz) of 10,000,000 rows — 30 M readings — into a file workspace: detection,
 * hashing, validation, readings, rollups, quarantine check, history, one transaction, checkpoint.
 * Reference, in the same run: DuckDB `read_csv` of the same file into a plain table of a fresh
 * file database, then a checkpoint. Target: import time ≤ 1.3 × reference time.
 */
export const csvCase: BenchCase = {
  name: 'csv',
  description: 'import a 10M-row wide CSV vs DuckDB read_csv into a plain table',
  async run(ctx) {
    const rows = ctx.quick ? 1_000_000 : 10_000_000;
    const runs = ctx.quick ? 3 : 1;
    const csv = join(ctx.dir, 'sensors.csv');
    await writeCsv(csv, rows);
    const bytes = statSync(csv).size;
    ctx.log(`csv: generated ${rows} rows (${(bytes / 1e6).toFixed(0)} MB)`);

    const referenceMs: number[] = [];
    const importMs: number[] = [];
    let readings = 0;
    let quarantined = 0;
    for (let r = 0; r < runs; r++) {
      referenceMs.push(await timeReference(join(ctx.dir, `reference-${r}.duckdb`), csv));
      const imported = await timeImport(join(ctx.dir, `import-${r}.duckdb`), csv);
      importMs.push(imported.ms);
      readings = imported.readings;
      quarantined = imported.quarantined;
      ctx.log(`csv: run ${r + 1}: reference ${(referenceMs[r]! / 1000).toFixed(2)} s, import ${(imported.ms / 1000).toFixed(2)} s`);
    }
    const value = median(importMs) / 1000;
    const reference = median(referenceMs) / 1000;
    return [
      {
        case: 'csv',
        value: round(value),
        unit: 's (import)',
        reference: round(reference),
        ratio: round(reference / value),
        target: `<= ${TARGET_FACTOR} x reference`,
        pass: value <= TARGET_FACTOR * reference && quarantined === 0 && readings === rows * 3,
        details: { rows, readings, bytes, runs, rowsPerSecond: round(rows / value), readingsPerSecond: round(readings / value) },
      },
    ];
  },
};

/** DuckDB writes the file itself: generating 10 M rows in JS would take longer than the import. */
async function writeCsv(path: string, rows: number): Promise<void> {
  const ws = await Workspace.open(':memory:');
  try {
    await ws.run(
      `COPY (SELECT strftime(make_timestamp(1772323200000000 + (i // ${MACHINES}) * 100000), '%Y-%m-%dT%H:%M:%S.%gZ') AS event_time,
          'M-' || lpad(((i % ${MACHINES}) + 1)::VARCHAR, 3, '0') AS machine_id,
          round(75 + 10 * sin(i / 1e4) + (hash(i) % 1000) / 500.0, 3) AS temperature,
          round(0.1 + (hash(i * 7) % 1000) / 10000.0, 4) AS vibration,
          round(1500 + 500 * cos(i / 3e4) + (hash(i * 13) % 100) / 10.0, 1) AS rpm
        FROM range(${rows}) r(i)) TO ${sqlString(path)} (HEADER)`,
    );
  } finally {
    ws.close();
  }
}

async function timeReference(db: string, csv: string): Promise<number> {
  const instance = await DuckDBInstance.create(db);
  const con = await instance.connect();
  try {
    const started = performance.now();
    await con.run(`CREATE TABLE plain AS SELECT * FROM read_csv(${sqlString(csv)})`);
    await con.run('CHECKPOINT');
    return performance.now() - started;
  } finally {
    con.closeSync();
    instance.closeSync();
    rmSync(db, { force: true });
  }
}

async function timeImport(db: string, csv: string): Promise<{ ms: number; readings: number; quarantined: number }> {
  const started = performance.now();
  const ws = await Workspace.open(db);
  try {
    const catalog = await Catalog.load(ws);
    const plan = await detectFile(ws, csv);
    const result = await importFile(ws, catalog, plan);
    await ws.checkpoint();
    return { ms: performance.now() - started, readings: result.imported, quarantined: result.quarantined };
  } finally {
    ws.close();
    rmSync(db, { force: true });
  }
}
