import type { DuckDBConnection } from '@duckdb/node-api';
import { LabError } from '../../model';
import type { ColumnAppender } from '../../store/column-appender';
import { remapIds, ROLLUP_WIDTHS_MS, rollupColumnArrays, type RollupColumns } from '../../store/rollup';
import { RollupAccumulator } from '../../store/rollup-accumulator';
import { MAX_VALID_TS, MIN_VALID_TS, type SensorRanges } from '../prepare';
import { scanColumns, type ChunkColumns, type PulledKind } from './chunk-columns';
import { stagedValueCount, stageSql, type RejectTables } from './part-sql';
import { whileReporting } from './query-progress';
import type { FilePart } from './types';

/**
 * A part staged in a temp table (file order = rowid order). Its valid readings are appended in
 * SQL, by one INSERT; its rollups come from streaming it range by range, validating each value
 * like `prepareBatch` (same bounds and reasons, but each rejection keeps its row so it can be
 * traced to its line) and rolling the kept readings up as they pass. Everything runs in the
 * caller's transaction.
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

/**
 * A temp ENUM of the distinct names, and the column recast to it (names only rejected rows carry
 * become NULL): every later pass reads a dense id instead of hashing text again.
 */
async function enumOf(con: DuckDBConnection, stage: string, column: string, type: string): Promise<{ names: string[]; type: string | null }> {
  const distinct = `SELECT DISTINCT ${column} FROM ${stage} WHERE bad IS NULL AND ${column} IS NOT NULL`;
  await con.run(`CREATE TEMP TYPE ${type} AS ENUM (${distinct} ORDER BY 1 LIMIT ${MAX_NAMES + 1})`);
  const names = (await con.runAndReadAll(`SELECT unnest(enum_range(NULL::${type}))`)).getRowsJS().map((r) => String(r[0]));
  if (names.length > MAX_NAMES) throw new LabError('invalid_input', `too many distinct ${column} names (over ${MAX_NAMES}); is the ${column} column right?`);
  if (names.length === 0) return { names: [], type: null };
  await con.run(`ALTER TABLE ${stage} ALTER ${column} SET DATA TYPE ${type} USING TRY_CAST(${column} AS ${type})`);
  return { names, type };
}

/** Machine and sensor ids are USMALLINT. */
const MAX_NAMES = 65_535;

export interface LoadContext {
  con: DuckDBConnection;
  appenders: Appenders;
  ranges: SensorRanges;
  /** Batch-local → workspace ids. */
  machineLut: Uint16Array;
  sensorLut: Uint16Array;
  signal?: AbortSignal;
  /** 0..1 of the part's loading. */
  onFraction?: (fraction: number) => void;
}

const MIN_US = MIN_VALID_TS * 1000;
const MAX_US = MAX_VALID_TS * 1000;

/** A number as a SQL literal (never user text): ±∞ need a cast. */
function num(x: number): string {
  return Number.isFinite(x) ? String(x) : `'${x > 0 ? 'inf' : '-inf'}'::DOUBLE`;
}

/**
 * The SQL that appends the valid readings of a staged part — run inside DuckDB, in parallel, one
 * SELECT per value column so each sensor's readings stay one time-ordered run. Its predicate is the
 * validation `rollChunk` applies row by row (same bounds, same checks); `loadStaged` asserts that
 * both keep the same number of readings.
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
      WHERE bad IS NULL AND ts >= ${MIN_US} AND ts < ${MAX_US} AND isfinite(${v}) AND ${bounds}`;
  });
  return `INSERT INTO readings ${selects.join(' UNION ALL ')}`;
}

/** Share of a part's loading taken by validating and rolling up; the INSERT takes the rest. */
const ROLLUP_SHARE = 0.4;

/**
 * Loads a staged part: streams it range by range — each range's rows validated and rolled up as
 * they pass, its closed rollup buckets appended before the next range, so memory stays bounded —
 * then appends every valid reading with one INSERT on DuckDB's threads.
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
  const rollups = new RollupAccumulator([ROLLUP_WIDTHS_MS['1s'] * 1000, ROLLUP_WIDTHS_MS['1m'] * 1000], staged.machines.length, staged.sensors.length);
  const roll = { long, k, staged, ranges: rangesOf(staged.sensors, ctx.ranges), totals, rollups, minUs: Infinity, maxUs: -Infinity };
  for (let from = 0; from < staged.rows; from += span) {
    if (ctx.signal?.aborted) throw new LabError('cancelled', 'import cancelled');
    await scanColumns(ctx.con, sql, { from, to: from + span }, kinds, (chunk) => rollChunk(chunk, roll));
    appendRollups(ctx, rollups);
    ctx.onFraction?.((ROLLUP_SHARE * Math.min(staged.rows, from + span)) / Math.max(1, staged.rows));
  }
  rollups.finish();
  appendRollups(ctx, rollups);
  if (ctx.signal?.aborted) throw new LabError('cancelled', 'import cancelled');
  await ctx.con.run('SET preserve_insertion_order = false');
  const reader = await whileReporting(ctx.con, () => ctx.con.runAndReadAll(insert).finally(() => ctx.con.run('RESET preserve_insertion_order')), (f) => ctx.onFraction?.(ROLLUP_SHARE + (1 - ROLLUP_SHARE) * f));
  const inserted = Number(reader.getRowsJS()[0]?.[0] ?? 0);
  if (inserted !== totals.stored) {
    throw new LabError('internal', `import check failed: ${inserted} readings inserted but ${totals.stored} validated (${staged.part.label})`);
  }
  if (totals.stored > 0) {
    totals.minTs = roll.minUs / 1000;
    totals.maxTs = roll.maxUs / 1000;
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

interface RollState {
  long: boolean;
  k: number;
  staged: StagedPart;
  ranges: { lo: Float64Array; hi: Float64Array };
  totals: LoadTotals;
  rollups: RollupAccumulator;
  minUs: number;
  maxUs: number;
}

/** Validates every (row, value) of a chunk — rejections keep their row — and rolls up the kept readings. */
function rollChunk({ length: n, columns, validity }: ChunkColumns, st: RollState): void {
  const { long, k, staged, totals, rollups } = st;
  const { lo, hi } = st.ranges;
  const rowid = columns[0] as Float64Array;
  const us = columns[1] as Float64Array;
  const machine = columns[2] as Uint16Array;
  const sensorOf = long ? (columns[3] as Uint16Array) : null;
  const first = long ? 4 : 3;
  let minUs = st.minUs;
  let maxUs = st.maxUs;
  let stored = 0;
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
        rollups.add(machine[i]!, s, t, v);
        stored++;
        if (t < minUs) minUs = t;
        if (t > maxUs) maxUs = t;
      }
    }
  }
  totals.stored += stored;
  st.minUs = minUs;
  st.maxUs = maxUs;
}

function isoOrRaw(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

/** Appends the closed rollup buckets so far, with workspace ids. */
function appendRollups(ctx: LoadContext, rollups: RollupAccumulator): void {
  rollups.drain(0, (block) => appendRollup(ctx, ctx.appenders.rollup1s, block));
  rollups.drain(1, (block) => appendRollup(ctx, ctx.appenders.rollup1m, block));
}

function appendRollup(ctx: LoadContext, appender: ColumnAppender, rollup: RollupColumns): void {
  if (rollup.length === 0) return;
  remapIds(rollup.machine, rollup.length, ctx.machineLut);
  remapIds(rollup.sensor, rollup.length, ctx.sensorLut);
  appender.append(rollupColumnArrays(rollup), 0, rollup.length);
}
