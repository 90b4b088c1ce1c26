import { statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LabError } from '../../model';
import type { Catalog } from '../../store/catalog';
import { ColumnAppender } from '../../store/column-appender';
import { ROLLUP_COLUMN_KINDS_US } from '../../store/rollup';
import type { ContentHash } from './file-hash';
import { quarantineReaderRejects, quarantineRows } from './file-quarantine';
import { recordImport, reserveImportId } from './history';
import { loadStaged, stagePart, type Appenders, type LoadTotals, type StagedPart } from './load';
import { whileReporting } from './query-progress';
import { describeTimeFormat } from './time-format';
import type { ImportPlan, ImportProgress, ImportResult, ImportRunOptions } from './types';

/**
 * A time-series import: stage every part (DuckDB reads the files; progress from its query
 * progress), register machine and sensor names, then in one transaction append readings and
 * rollups, quarantine what failed, and record the import.
 */
export interface SeriesImportContext {
  con: DuckDBConnection;
  catalog: Catalog;
  plan: ImportPlan;
  run: ImportRunOptions;
  prefix: string;
  startedAt: number;
  checkHash: () => Promise<ContentHash>;
  transaction: <T>(fn: () => Promise<T>) => Promise<T>;
}

/** Reading is about half the work of an import, storing the other half. */
const READ_SHARE = 50;

export async function loadSeries(ctx: SeriesImportContext): Promise<ImportResult> {
  const { con, catalog, plan, run } = ctx;
  const sizes = plan.parts.map((p) => statSync(p.path).size);
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  let rowsSeen = 0;
  const report = (phase: ImportProgress['phase'], percent: number, bytes: number) =>
    run.onProgress?.({ phase, rows: rowsSeen, bytes: Math.round(bytes), totalBytes, percent: Math.min(100, percent) });

  const staged: StagedPart[] = [];
  let bytesBefore = 0;
  for (const [i, part] of plan.parts.entries()) {
    const partBytes = sizes[i]!;
    const done = await whileReporting(con, () => stagePart(con, part, `${ctx.prefix}_${i}`, plan.timeZone), (fraction) => {
      const bytes = bytesBefore + fraction * partBytes;
      report('reading', (READ_SHARE * bytes) / Math.max(1, totalBytes), bytes);
    });
    staged.push(done);
    bytesBefore += partBytes;
  }
  const totalRows = staged.reduce((n, s) => n + s.rows, 0);

  // Names new to the workspace get their ids (and units) before the transaction, like every ingest path.
  // Own keys only: a column named `constructor` or `toString` must not find Object's methods as its unit.
  const sensors = [...new Set(staged.flatMap((s) => s.sensors))];
  await catalog.defineSensors(sensors.map((name) => ({ name, unit: Object.hasOwn(plan.units, name) ? plan.units[name]! : '', min: -Infinity, max: Infinity })));
  const luts: { machine: Uint16Array; sensor: Uint16Array }[] = [];
  for (const s of staged) luts.push(await catalog.lookups(s.machines, s.sensors, null));
  const hash = await ctx.checkHash();

  const source = `file:${plan.name}`;
  const outcome = await ctx.transaction(async () => {
    const id = await reserveImportId(con);
    const totals: LoadTotals[] = [];
    const appenders = await openAppenders(con);
    let rowsBefore = 0;
    try {
      for (const [i, s] of staged.entries()) {
        const onFraction = (fraction: number) => {
          rowsSeen = rowsBefore + Math.round(fraction * s.rows);
          report('storing', READ_SHARE + ((100 - READ_SHARE) * rowsSeen) / Math.max(1, totalRows), totalBytes);
        };
        const lut = luts[i]!;
        const load = { con, appenders, ranges: catalog.ranges(), machineLut: lut.machine, sensorLut: lut.sensor, signal: run.signal, onFraction };
        totals.push(await loadStaged(load, s));
        rowsBefore += s.rows;
      }
    } finally {
      closeAll(appenders);
    }
    let quarantined = 0;
    let readerRejected = 0;
    let blank = 0;
    for (const [i, s] of staged.entries()) {
      readerRejected += await quarantineReaderRejects(con, source, s.part, s.rejects);
      quarantined += await quarantineRows(con, source, s, totals[i]!.rejected);
      blank += await blankLines(con, s);
    }
    quarantined += readerRejected;
    const sum = (f: (t: LoadTotals) => number) => totals.reduce((n, t) => n + f(t), 0);
    const minTs = Math.min(...totals.map((t) => t.minTs));
    const maxTs = Math.max(...totals.map((t) => t.maxTs));
    const result = {
      id,
      rows: totalRows - blank + readerRejected,
      imported: sum((t) => t.stored),
      quarantined,
      empty: sum((t) => t.empty),
      firstTs: Number.isFinite(minTs) ? minTs : null,
      lastTs: Number.isFinite(maxTs) ? maxTs : null,
    };
    // The last point where a cancel is honoured: after it, the commit is the import.
    if (run.signal?.aborted) throw new LabError('cancelled', 'import cancelled');
    await recordImport(con, {
      ...result, path: plan.path, name: plan.name, sha256: hash.sha256, bytes: hash.bytes, format: plan.format,
      layout: layoutOf(plan), target: 'readings', mapping: mappingOf(plan), startedAt: ctx.startedAt, finishedAt: Date.now(),
    });
    return result;
  });
  report('done', 100, totalBytes);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    importId: outcome.id, path: plan.path, name: plan.name, format: plan.format, layout: layoutOf(plan), target: 'readings',
    sha256: hash.sha256, rows: outcome.rows, imported: outcome.imported, quarantined: outcome.quarantined, empty: outcome.empty,
    machines: [...new Set(staged.flatMap((s) => s.machines))], sensors, from: iso(outcome.firstTs), to: iso(outcome.lastTs),
    seconds: (Date.now() - ctx.startedAt) / 1000, warnings: plan.warnings,
  };
}

/**
 * Rollup rows are appended straight into the rollup tables, range by range as the load closes
 * their buckets: the transaction's own storage writes full row groups out as they fill, so the
 * rollups of a huge file neither sit in memory nor are copied a second time.
 */
async function openAppenders(con: DuckDBConnection): Promise<Appenders> {
  return {
    rollup1s: await ColumnAppender.create(con, 'rollup_1s', ROLLUP_COLUMN_KINDS_US),
    rollup1m: await ColumnAppender.create(con, 'rollup_1m', ROLLUP_COLUMN_KINDS_US),
  };
}

/** Closing flushes into the transaction; after a failure the rollback discards it anyway. */
function closeAll(appenders: Appenders): void {
  let failure: unknown = null;
  for (const a of [appenders.rollup1s, appenders.rollup1m]) {
    try {
      a.close();
    } catch (e) {
      failure ??= e;
    }
  }
  if (failure) throw failure;
}

async function blankLines(con: DuckDBConnection, s: StagedPart): Promise<number> {
  if (s.part.format !== 'jsonl') return 0;
  return Number((await con.runAndReadAll(`SELECT count(*) FROM ${s.stage} WHERE bad = ''`)).getRowsJS()[0]![0]);
}

function layoutOf(plan: ImportPlan): string {
  if (plan.format === 'sensorlogger') return 'sensorlogger';
  return plan.parts[0]?.mapping?.values.layout ?? 'wide';
}

function mappingOf(plan: ImportPlan): unknown {
  return plan.parts.map((p) => ({
    file: p.label,
    timestamp: p.mapping?.timestamp,
    timeFormat: p.mapping ? describeTimeFormat(p.mapping.timeFormat) : null,
    machine: p.mapping?.machine,
    values: p.mapping?.values,
    timeZone: plan.timeZone,
  }));
}
