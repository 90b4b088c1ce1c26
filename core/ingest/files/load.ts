import type { DuckDBConnection } from '@duckdb/node-api';
import { allocateBatch, LabError, type ReadingBatch } from '../../model';
import type { ColumnAppender } from '../../store/column-appender';
import { computeRollup, remapIds, ROLLUP_WIDTHS_MS, rollupColumnArrays, type RollupColumns } from '../../store/rollup';
import { MAX_VALID_TS, MIN_VALID_TS, type SensorRanges } from '../prepare';
import { pullColumns, type PulledKind } from './chunk-columns';
import { stagedValueCount, stageSql, type RejectTables } from './part-sql';
import type { FilePart } from './types';

/**
 * A part staged in a temp table (file order = rowid order). Its valid readings are appended in
 * SQL; its rollups come from pulling it range by range into typed arrays, validating like
 * `prepareBatch` (same bounds and reasons, but each rejection keeps its row so it can be traced to
 * its line), grouping by series in time order and running `computeRollup`. Everything runs in
 * the caller's transaction.
 */
export interface StagedPart {
  part: FilePart;
  stage: string;
  rejects: RejectTables | null;
  /** Staged rows, blank JSON lines included. */
  rows: number;
  machines: string[];
  sensors: string[];
  /** Names of the temp ENUM types mapping machine/sensor text to batch-local ids. */
  machineEnum: string | null;
  sensorEnum: string | null;
}

export interface RowReject {
  row: number;
  reason: string;
}

export interface LoadTotals {
  stored: number;
  empty: number;
  rejected: RowReject[];
  minTs: number;
  maxTs: number;
}

export interface Appenders {
  rollup1s: ColumnAppender;
  rollup1m: ColumnAppender;
}

/** About this many readings per batch: big enough to amortise, small enough for memory. */
const READINGS_PER_BATCH = 2_000_000;

export async function stagePart(con: DuckDBConnection, part: FilePart, prefix: string, zone: string): Promise<StagedPart> {
  const stage = `${prefix}_stage`;
  const rejects = part.format === 'parquet' ? null : { table: `${prefix}_rejects`, scan: `${prefix}_scans` };
  await con.run(stageSql(part, stage, rejects, zone));
  const rows = Number((await con.runAndReadAll(`SELECT count(*) FROM ${stage}`)).getRowsJS()[0]![0]);
  const mapping = part.mapping!;
  const staged: StagedPart = { part, stage, rejects, rows, machines: [], sensors: [], machineEnum: null, sensorEnum: null };
  if ('name' in mapping.machine) staged.machines = [mapping.machine.name];
  else ({ names: staged.machines, type: staged.machineEnum } = await enumOf(con, stage, 'machine', `${prefix}_machine_t`));
  if (mapping.values.layout === 'wide') staged.sensors = mapping.values.sensors.map((s) => s.sensor);
  else ({ names: staged.sensors, type: staged.sensorEnum } = await enumOf(con, stage, 'sensor', `${prefix}_sensor_t`));
  return staged;
}

/** A temp ENUM of the distinct names: casting to it maps text to a dense id inside DuckDB. */
async function enumOf(con: DuckDBConnection, stage: string, column: string, type: string): Promise<{ names: string[]; type: string | null }> {
  const distinct = `SELECT DISTINCT ${column} FROM ${stage} WHERE bad IS NULL AND ${column} IS NOT NULL`;
  const count = Number((await con.runAndReadAll(`SELECT count(*) FROM (${distinct})`)).getRowsJS()[0]![0]);
  if (count === 0) return { names: [], type: null };
  if (count > 65_535) throw new LabError('invalid_input', `too many distinct ${column} names (${count}); is the ${column} column right?`);
  await con.run(`CREATE TEMP TYPE ${type} AS ENUM (${distinct} ORDER BY 1)`);
  const names = (await con.runAndReadAll(`SELECT unnest(enum_range(NULL::${type}))`)).getRowsJS().map((r) => String(r[0]));
  return { names, type };
}

export interface LoadContext {
  con: DuckDBConnection;
  appenders: Appenders;
  ranges: SensorRanges;
  /** Batch-local → workspace ids. */
  machineLut: Uint16Array;
  sensorLut: Uint16Array;
  signal?: AbortSignal;
  onRows?: (rowsDone: number) => void;
}

const MIN_US = MIN_VALID_TS * 1000;
const MAX_US = MAX_VALID_TS * 1000;

/** A number as a SQL literal (never user text): ±∞ need a cast. */
function num(x: number): string {
  return Number.isFinite(x) ? String(x) : `'${x > 0 ? 'inf' : '-inf'}'::DOUBLE`;
}

/**
 * The SQL that appends the valid readings of rows [$from, $to) of a staged part — run inside
 * DuckDB, in parallel, one SELECT per value column so each sensor's readings stay one
 * time-ordered run. Its predicate is the validation `toBatch` applies row by row (same bounds,
 * same checks); `loadStaged` asserts that both keep the same number of readings.
 */
function insertSql(ctx: LoadContext, staged: StagedPart): string | null {
  const k = stagedValueCount(staged.part.mapping!);
  const { lo, hi } = rangesOf(staged.sensors, ctx.ranges);
  const list = (xs: ArrayLike<number>) => `([${Array.from(xs, num).join(', ')}]::DOUBLE[])`;
  const ids = (xs: Uint16Array) => `([${Array.from(xs).join(', ')}]::USMALLINT[])`;
  const machine = staged.machineEnum ? `${ids(ctx.machineLut)}[enum_code(machine::${staged.machineEnum}) + 1]` : `${ctx.machineLut[0] ?? 0}::USMALLINT`;
  const sensorIdx = staged.sensorEnum ? `enum_code(sensor::${staged.sensorEnum}) + 1` : null;
  if (staged.part.mapping!.values.layout === 'long' && !sensorIdx) return null; // no valid row named a sensor
  const selects = Array.from({ length: k }, (_, c) => {
    const v = `v${c}`;
    const sensor = sensorIdx ? `${ids(ctx.sensorLut)}[${sensorIdx}]` : `${ctx.sensorLut[c]}::USMALLINT`;
    const bounds = sensorIdx ? `${v} >= ${list(lo)}[${sensorIdx}] AND ${v} <= ${list(hi)}[${sensorIdx}]` : `${v} >= ${num(lo[c]!)} AND ${v} <= ${num(hi[c]!)}`;
    return `SELECT make_timestamp(ts), ${machine}, ${sensor}, ${v} FROM ${staged.stage}
      WHERE rowid >= $from AND rowid < $to AND bad IS NULL AND ts >= ${MIN_US} AND ts < ${MAX_US} AND isfinite(${v}) AND ${bounds}`;
  });
  return `INSERT INTO readings ${selects.join(' UNION ALL ')}`;
}

/**
 * Loads a staged part range by range: DuckDB appends the range's readings (insertSql) while this
 * thread pulls the same rows into typed arrays, validates each value (collecting rejections with
 * their row), groups the kept readings by series in time order and rolls them up with the store's
 * own `computeRollup` — the code every ingest path uses, so rollups match whatever the source.
 */
export async function loadStaged(ctx: LoadContext, staged: StagedPart): Promise<LoadTotals> {
  const totals: LoadTotals = { stored: 0, empty: 0, rejected: await badRows(ctx.con, staged.stage), minTs: Infinity, maxTs: -Infinity };
  const insert = insertSql(ctx, staged);
  if (insert === null) return totals;
  const k = stagedValueCount(staged.part.mapping!);
  const long = staged.sensorEnum !== null;
  const span = Math.max(1024, Math.floor(READINGS_PER_BATCH / k));
  const machineSql = staged.machineEnum ? `enum_code(machine::${staged.machineEnum})::USMALLINT` : '0::USMALLINT';
  const sensorSql = staged.sensorEnum ? `, enum_code(sensor::${staged.sensorEnum})::USMALLINT` : '';
  const values = Array.from({ length: k }, (_, i) => `v${i}`).join(', ');
  const sql = `SELECT rowid::DOUBLE, ts::DOUBLE, ${machineSql}${sensorSql}, ${values} FROM ${staged.stage}
    WHERE rowid >= $from AND rowid < $to AND bad IS NULL`;
  const kinds: PulledKind[] = ['f64', 'f64', 'u16', ...(long ? ['u16' as const] : []), ...Array<PulledKind>(k).fill('f64')];
  const ranges = rangesOf(staged.sensors, ctx.ranges);
  let inserted = 0;
  for (let from = 0; from < staged.rows; from += span) {
    if (ctx.signal?.aborted) throw new LabError('cancelled', 'import cancelled');
    const range = { from, to: from + span };
    const pulled = await pullColumns(ctx.con, sql, range, kinds, span);
    // DuckDB inserts on its threads while this thread validates and rolls up the same rows.
    const inserting = ctx.con.runAndReadAll(insert, range);
    let batch;
    try {
      batch = toBatch(pulled.length, pulled.columns, pulled.validity, long, k, staged, ranges, totals);
    } finally {
      inserted += Number((await inserting).getRowsJS()[0]?.[0] ?? 0);
    }
    const n = batch.length;
    if (n > 0) {
      appendRollup(ctx, ctx.appenders.rollup1s, computeRollup(batch.ts, batch.machine, batch.sensor, batch.value, n, ROLLUP_WIDTHS_MS['1s']));
      appendRollup(ctx, ctx.appenders.rollup1m, computeRollup(batch.ts, batch.machine, batch.sensor, batch.value, n, ROLLUP_WIDTHS_MS['1m']));
      totals.stored += n;
      totals.minTs = Math.min(totals.minTs, batch.minTs);
      totals.maxTs = Math.max(totals.maxTs, batch.maxTs);
    }
    ctx.onRows?.(Math.min(staged.rows, from + span));
  }
  if (inserted !== totals.stored) {
    throw new LabError('internal', `import check failed: ${inserted} readings inserted but ${totals.stored} validated (${staged.part.label})`);
  }
  return totals;
}

async function badRows(con: DuckDBConnection, stage: string): Promise<RowReject[]> {
  const reader = await con.runAndReadAll(`SELECT rowid, bad FROM ${stage} WHERE bad <> '' ORDER BY rowid`);
  return reader.getRowsJS().map((r) => ({ row: Number(r[0]), reason: String(r[1]) }));
}

function rangesOf(sensors: readonly string[], all: SensorRanges): { lo: Float64Array; hi: Float64Array } {
  const lo = new Float64Array(Math.max(1, sensors.length)).fill(-Infinity);
  const hi = new Float64Array(Math.max(1, sensors.length)).fill(Infinity);
  sensors.forEach((name, i) => {
    const r = all.get(name);
    if (r) {
      lo[i] = r.min;
      hi[i] = r.max;
    }
  });
  return { lo, hi };
}

/**
 * Validates every (row, value) and writes the kept readings grouped by series — machine-major,
 * then sensor, file order within — the order `prepareBatch` accepts without copying or sorting.
 */
function toBatch(
  n: number,
  columns: (Float64Array | Uint16Array)[],
  validity: (Uint8Array | null)[],
  long: boolean,
  k: number,
  staged: StagedPart,
  { lo, hi }: { lo: Float64Array; hi: Float64Array },
  totals: LoadTotals,
): ReadingBatch & { minTs: number; maxTs: number } {
  const rowid = columns[0] as Float64Array;
  const us = columns[1] as Float64Array;
  const machine = columns[2] as Uint16Array;
  const sensorOf = long ? (columns[3] as Uint16Array) : null;
  const first = long ? 4 : 3;
  const nSensors = Math.max(1, staged.sensors.length);
  const keys = new Int32Array(n * k).fill(-1);
  const counts = new Uint32Array(Math.max(1, staged.machines.length) * nSensors + 1);
  const valueColumns = Array.from({ length: k }, (_, c) => columns[first + c] as Float64Array);
  const masks = Array.from({ length: k }, (_, c) => validity[first + c] ?? null);
  for (let i = 0; i < n; i++) {
    const t = us[i]!;
    if (!(t >= MIN_US && t < MAX_US)) {
      totals.rejected.push({ row: rowid[i]!, reason: `timestamp ${isoOrRaw(t / 1000)} outside 1970..2200` });
      continue;
    }
    for (let c = 0; c < k; c++) {
      const mask = masks[c]!;
      if (mask !== null && ((mask[i >> 3]! >> (i & 7)) & 1) === 0) {
        totals.empty++;
        continue;
      }
      const s = sensorOf ? sensorOf[i]! : c;
      const v = valueColumns[c]![i]!;
      if (v - v !== 0) {
        totals.rejected.push({ row: rowid[i]!, reason: `value of ${staged.sensors[s]} is not a finite number (${v})` });
      } else if (v < lo[s]! || v > hi[s]!) {
        totals.rejected.push({ row: rowid[i]!, reason: `value ${v} of ${staged.sensors[s]} outside valid range [${lo[s]}, ${hi[s]}]` });
      } else {
        const key = machine[i]! * nSensors + s;
        keys[i * k + c] = key;
        counts[key + 1] = counts[key + 1]! + 1;
      }
    }
  }
  for (let key = 1; key < counts.length; key++) counts[key] = counts[key]! + counts[key - 1]!;
  const kept = counts[counts.length - 1]!;
  const batch = { ...allocateBatch(kept, staged.machines, staged.sensors), minTs: Infinity, maxTs: -Infinity };
  for (let i = 0; i < n; i++) {
    const t = us[i]! / 1000;
    for (let c = 0; c < k; c++) {
      const key = keys[i * k + c]!;
      if (key < 0) continue;
      const at = counts[key]!;
      counts[key] = at + 1;
      batch.ts[at] = t;
      batch.machine[at] = machine[i]!;
      batch.sensor[at] = sensorOf ? sensorOf[i]! : c;
      batch.value[at] = valueColumns[c]![i]!;
      if (t < batch.minTs) batch.minTs = t;
      if (t > batch.maxTs) batch.maxTs = t;
    }
  }
  batch.length = kept;
  for (let key = 0, start = 0; key < counts.length - 1; key++) {
    sortByTime(batch, start, counts[key]!); // after the scatter, counts[key] is the end of its group
    start = counts[key]!;
  }
  return batch;
}

/** Files are mostly time-ordered; a series that is not gets sorted (stable on equal times). */
function sortByTime(batch: ReadingBatch, start: number, end: number): void {
  let sorted = true;
  for (let i = start + 1; i < end && sorted; i++) sorted = batch.ts[i - 1]! <= batch.ts[i]!;
  if (sorted) return;
  const order = Array.from({ length: end - start }, (_, i) => start + i).sort((a, b) => batch.ts[a]! - batch.ts[b]! || a - b);
  const ts = order.map((i) => batch.ts[i]!);
  const value = order.map((i) => batch.value[i]!);
  batch.ts.set(ts, start);
  batch.value.set(value, start);
}

function isoOrRaw(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

function appendRollup(ctx: LoadContext, appender: ColumnAppender, rollup: RollupColumns): void {
  if (rollup.length === 0) return;
  const machine = rollup.machine.slice(0, rollup.length);
  const sensor = rollup.sensor.slice(0, rollup.length);
  remapIds(machine, rollup.length, ctx.machineLut);
  remapIds(sensor, rollup.length, ctx.sensorLut);
  appender.append(rollupColumnArrays({ ...rollup, machine, sensor }), 0, rollup.length);
}
