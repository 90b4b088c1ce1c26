import { DuckDBTimestampValue, type DuckDBConnection } from '@duckdb/node-api';
import { MAX_VALID_TS, MIN_VALID_TS } from '../ingest/prepare';
import { rawReadings, type RawSeries } from '../store/queries';
import type { SeriesRef } from '../store/series';
import { toMicros } from '../store/series';
import type { Workspace } from '../store/workspace';
import type { CycleMetrics } from './types';

/** The cycles of one machine × sensor found by one detector. */
export interface CycleGroup {
  machine: string;
  sensor: string;
  detector: string;
  cycles: readonly CycleMetrics[];
}

/** The time range a detection covered; an open end means "all data on that side". */
export interface DetectionRange {
  from?: number | undefined;
  to?: number | undefined;
}

export interface SaveResult {
  replaced: number;
  inserted: number;
}

/**
 * Stores detected cycles in ONE transaction. Replacement rule: for every machine × sensor ×
 * detector saved, the rows of that same triple lying wholly inside the detection range
 * (start ≥ from and end < to) are deleted first. So re-running a detection over the same data is
 * idempotent; rows outside the range (other days) stay; a cycle cut by the range's edge (not
 * reported this time) keeps its earlier row; other detectors' (other parameters') rows are kept
 * for comparison.
 */
export async function saveCycles(ws: Workspace, groups: readonly CycleGroup[], range: DetectionRange = {}): Promise<SaveResult> {
  const from = toMicros(range.from ?? MIN_VALID_TS);
  const to = toMicros(range.to ?? MAX_VALID_TS);
  return ws.transaction(async (con) => {
    let replaced = 0;
    let inserted = 0;
    for (const g of groups) {
      const where = `machine = $m AND sensor = $s AND detector = $d AND start_ts >= make_timestamp($from::BIGINT) AND end_ts < make_timestamp($to::BIGINT)`;
      const params = { m: g.machine, s: g.sensor, d: g.detector, from, to };
      const counted = await con.runAndReadAll(`SELECT count(*) AS n FROM cycles WHERE ${where}`, params);
      replaced += Number(counted.getRowObjectsJS()[0]!.n);
      await con.run(`DELETE FROM cycles WHERE ${where}`, params);
      inserted += await appendCycles(con, g);
    }
    return { replaced, inserted };
  });
}

/** Appends rows inside the caller's transaction (the live detector saves each closed cycle this way). */
export async function appendCycles(con: DuckDBConnection, group: CycleGroup): Promise<number> {
  if (group.cycles.length === 0) return 0;
  const appender = await con.createAppender('cycles');
  const createdAt = new DuckDBTimestampValue(BigInt(Date.now()) * 1000n);
  try {
    for (const c of group.cycles) {
      appender.appendVarchar(group.machine);
      appender.appendVarchar(group.sensor);
      appender.appendTimestamp(new DuckDBTimestampValue(BigInt(toMicros(c.start))));
      appender.appendTimestamp(new DuckDBTimestampValue(BigInt(toMicros(c.end))));
      appender.appendVarchar(JSON.stringify(c));
      appender.appendVarchar(group.detector);
      appender.appendTimestamp(createdAt);
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
  return group.cycles.length;
}

export interface StoredCycle {
  machine: string;
  sensor: string;
  detector: string;
  metrics: CycleMetrics;
}

export interface CycleFilter extends DetectionRange {
  machine?: string | undefined;
  sensor?: string | undefined;
  detector?: string | undefined;
  /** At most this many rows (the first by the listing's order). */
  limit?: number | undefined;
}

/** Stored cycles starting in [from, to), ordered by machine, sensor, detector and start. */
export async function loadCycles(ws: Workspace, filter: CycleFilter = {}): Promise<StoredCycle[]> {
  const where = ['start_ts >= make_timestamp($from::BIGINT)', 'start_ts < make_timestamp($to::BIGINT)'];
  const params: Record<string, string | number> = { from: toMicros(filter.from ?? MIN_VALID_TS), to: toMicros(filter.to ?? MAX_VALID_TS) };
  for (const [column, value] of [['machine', filter.machine], ['sensor', filter.sensor], ['detector', filter.detector]] as const) {
    if (value === undefined) continue;
    where.push(`${column} = $${column}`);
    params[column] = value;
  }
  const rows = await ws.rows<{ machine: string; sensor: string; detector: string; metrics: string }>(
    `SELECT machine, sensor, detector, metrics::VARCHAR AS metrics FROM cycles WHERE ${where.join(' AND ')}
     ORDER BY machine, sensor, detector, start_ts${filter.limit === undefined ? '' : ' LIMIT $limit'}`,
    filter.limit === undefined ? params : { ...params, limit: filter.limit },
  );
  return rows.map((r) => ({ machine: r.machine, sensor: r.sensor, detector: r.detector, metrics: JSON.parse(r.metrics) as CycleMetrics }));
}

/**
 * A series' raw readings in time order, in chunks of at most `chunk` rows, so a detection over
 * months never holds the whole series in memory. Each chunk continues 1 µs after the last time
 * read (the store's resolution).
 */
export async function* readSeriesChunks(ws: Workspace, series: SeriesRef, range: DetectionRange = {}, chunk = 1_000_000): AsyncGenerator<RawSeries> {
  let from = range.from ?? MIN_VALID_TS;
  const to = range.to ?? MAX_VALID_TS;
  for (;;) {
    const part = await rawReadings(ws, series, from, to, chunk);
    if (part.ts.length) yield part;
    if (part.ts.length < chunk) return;
    from = (toMicros(part.ts[part.ts.length - 1]!) + 1) / 1000;
  }
}
