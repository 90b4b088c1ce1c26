import { rmSync, statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LabError } from '../model';
import type { Catalog } from '../store/catalog';
import { sqlString } from '../store/series';
import { inTransaction, LANES, type Workspace } from '../store/workspace';
import { contentHash, type ContentHash } from './files/file-hash';
import { findImportByHash, recordImport, reserveImportId, sameSizeImported } from './files/history';
import { describeTimeFormat } from './files/time-format';
import { planImport } from './files/detect';
import { importTable, checkTableName, tableExists } from './files/table-import';
import { loadSeries } from './files/series-import';
import type { ImportOptions, ImportPlan, ImportProgress, ImportResult, ImportRunOptions } from './files/types';

export type { ImportOptions, ImportPlan, ImportProgress, ImportResult, ImportRunOptions } from './files/types';

/**
 * File import, the offline door into a workspace: `detectFile` reads the file's shape and returns
 * a plan (dialect, mapping, preview) to confirm; `importFile` executes it. DuckDB's readers do all
 * reading; good rows go through `prepareBatch` and the column appenders, bad rows to quarantine,
 * and everything — readings, rollups, quarantine, history — commits in ONE transaction: a failure
 * or a cancel leaves the workspace as it was (new machine/sensor names aside, which every ingest
 * path registers up front in their own short transaction).
 */
export const IMPORT_LANE = LANES - 1;
let importCounter = 0;

export function detectFile(ws: Workspace, path: string, options: ImportOptions = {}): Promise<ImportPlan> {
  return ws.exclusive((con) => planImport(con, path, options), IMPORT_LANE);
}

/** Removes the plan's temporary files (an extracted zip) without importing. */
export function discardPlan(plan: ImportPlan): void {
  for (const dir of plan.cleanup) rmSync(dir, { recursive: true, force: true });
}

/** Executes a plan from `detectFile` (once: its temporary files are removed afterwards). */
export async function importFile(ws: Workspace, catalog: Catalog, plan: ImportPlan, run: ImportRunOptions = {}): Promise<ImportResult> {
  const startedAt = Date.now();
  const hashing = contentHash(plan.path, plan.parts.some((p) => p.dialect?.gzip === true));
  hashing.catch(() => undefined); // awaited below; never an unhandled rejection
  const prefix = `_servolab_import_${process.pid}_${++importCounter}`;
  try {
    return await ws.exclusive(async (con) => {
      const onAbort = () => con.interrupt();
      run.signal?.addEventListener('abort', onAbort, { once: true });
      const previousZone = String((await con.runAndReadAll(`SELECT current_setting('TimeZone')`)).getRowsJS()[0]![0]);
      try {
        if (run.signal?.aborted) throw new LabError('cancelled', 'import cancelled');
        await con.run(`SET TimeZone = ${sqlString(plan.timeZone)}`);
        await con.run(`SET enable_progress_bar = true; SET enable_progress_bar_print = false`);
        // Hashing overlaps the reading; only a file of a size seen before is hashed first, so a
        // likely re-import is refused before any work.
        const hash = (await sameSizeImported(con, fileSize(plan.path))) ? await hashing : null;
        if (hash && !run.again) await refuseReimport(con, plan, hash);
        const checkHash = async () => {
          const h = hash ?? (await hashing);
          if (!run.again) await refuseReimport(con, plan, h);
          return h;
        };
        const transaction = <T>(fn: () => Promise<T>) => inTransaction(con, fn);
        return plan.target === 'table'
          ? await runTableImport(con, plan, run, prefix, startedAt, checkHash, transaction)
          : await loadSeries({ con, catalog, plan, run, prefix, startedAt, checkHash, transaction });
      } catch (e) {
        if (run.signal?.aborted) throw new LabError('cancelled', 'import cancelled; the workspace is unchanged');
        throw e;
      } finally {
        run.signal?.removeEventListener('abort', onAbort);
        await dropTemporaries(con, prefix);
        await con.run(`SET TimeZone = ${sqlString(previousZone)}`).catch(() => undefined);
        await con.run(`RESET enable_progress_bar; RESET enable_progress_bar_print`).catch(() => undefined);
      }
    }, IMPORT_LANE);
  } finally {
    discardPlan(plan);
  }
}

function fileSize(path: string): number {
  const stat = statSync(path);
  return stat.isDirectory() ? -1 : stat.size;
}

async function refuseReimport(con: DuckDBConnection, plan: ImportPlan, hash: ContentHash): Promise<void> {
  const earlier = await findImportByHash(con, hash.sha256);
  if (!earlier) return;
  throw new LabError(
    'invalid_input',
    `${plan.name} was already imported (import #${earlier.id} of ${earlier.name} at ${earlier.finishedAt}, same content); pass --again to import it again`,
    { reimport: earlier },
  );
}

async function dropTemporaries(con: DuckDBConnection, prefix: string): Promise<void> {
  const tables = (await con.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE temporary AND starts_with(table_name, $prefix)`, { prefix }).catch(() => null))?.getRowsJS() ?? [];
  for (const [name] of tables) await con.run(`DROP TABLE IF EXISTS temp.${String(name)}`).catch(() => undefined);
  const types = (await con.runAndReadAll(`SELECT type_name FROM duckdb_types() WHERE database_name = 'temp' AND starts_with(type_name, $prefix)`, { prefix }).catch(() => null))?.getRowsJS() ?? [];
  for (const [name] of types) await con.run(`DROP TYPE IF EXISTS temp.${String(name)}`).catch(() => undefined);
}

async function runTableImport(
  con: DuckDBConnection,
  plan: ImportPlan,
  run: ImportRunOptions,
  prefix: string,
  startedAt: number,
  checkHash: () => Promise<ContentHash>,
  transaction: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<ImportResult> {
  const part = plan.parts[0]!;
  const name = checkTableName(plan.table ?? '');
  const exists = await tableExists(con, name);
  if (exists && !run.again) {
    throw new LabError('invalid_input', `training table "${name}" already exists; pass --again to replace it, or --table NAME for another name`);
  }
  const hash = await checkHash();
  const progress = (phase: ImportProgress['phase'], percent: number) =>
    run.onProgress?.({ phase, rows: 0, bytes: Math.round((hash.bytes * percent) / 100), totalBytes: hash.bytes, percent });
  progress('reading', 0);
  const source = `file:${plan.name}`;
  const rejects = { table: `${prefix}_rejects`, scan: `${prefix}_scans` };
  const result = await transaction(async () => {
    const id = await reserveImportId(con);
    const table = await importTable(con, part, name, id, source, rejects, exists);
    if (run.signal?.aborted) throw new LabError('cancelled', 'import cancelled');
    await recordImport(con, {
      id, path: plan.path, name: plan.name, sha256: hash.sha256, bytes: hash.bytes, format: part.format, layout: 'table',
      target: `training.${name}`, rows: table.rows + table.quarantined, imported: table.rows, quarantined: table.quarantined, empty: 0,
      firstTs: null, lastTs: null, mapping: { table: name, columns: table.columns }, startedAt, finishedAt: Date.now(),
    });
    return { id, table };
  });
  progress('done', 100);
  return {
    importId: result.id, path: plan.path, name: plan.name, format: 'table', layout: 'table', target: `training.${name}`,
    sha256: hash.sha256, rows: result.table.rows + result.table.quarantined, imported: result.table.rows,
    quarantined: result.table.quarantined, empty: 0, machines: [], sensors: [], from: null, to: null,
    seconds: (Date.now() - startedAt) / 1000, warnings: plan.warnings,
  };
}

/** The mapping as stored in the history and printed by the CLI. */
export function describeMapping(plan: ImportPlan): unknown {
  return {
    recognized: plan.recognized,
    timeZone: plan.timeZone,
    table: plan.table,
    parts: plan.parts.map((p) => ({
      file: p.label,
      format: p.format,
      delimiter: p.dialect?.delimiter ?? null,
      header: p.dialect?.header ?? null,
      decimal: p.dialect?.decimal ?? null,
      timestamp: p.mapping?.timestamp ?? null,
      timeFormat: p.mapping ? describeTimeFormat(p.mapping.timeFormat) : null,
      machine: p.mapping ? ('name' in p.mapping.machine ? { name: p.mapping.machine.name } : { column: p.mapping.machine.column }) : null,
      values: p.mapping?.values ?? null,
    })),
  };
}
