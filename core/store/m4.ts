import { LabError } from '../model';
import type { SeriesRef } from './series';
import { toMicros } from './series';
import type { Workspace } from './workspace';

/**
 * M4 downsampling (Jugel et al., VLDB 2014): per pixel bucket the first, last, min and max point,
 * which draws a line chart identical to the raw data at that width.
 *
 * Buckets are defined on a grid of `gridUs` cells: each reading belongs to bucket
 * `((cell(t) − start) · buckets) div (end − start)` where `cell(t)` floors t to the grid and
 * [start, end) is the range widened to the grid. With the raw grid (1 µs) that is plain M4. When
 * a bucket spans ≥ `MIN_CELLS_PER_BUCKET` rollup cells, the grid is the rollup's width and whole
 * cells come from `rollup_1s`/`rollup_1m` — the edges move by at most 1/8 pixel and the answer
 * stays exact for those edges, which `brute` in the tests recomputes from raw readings.
 */
export interface M4Request {
  from: number;
  to: number;
  buckets: number;
  /** Force a level (tests, benchmarks); by default the coarsest that fits. */
  level?: M4Level;
}

export type M4Level = 'raw' | '1s' | '1m';

export interface M4Result {
  level: M4Level;
  gridUs: number;
  /** The widened range in epoch µs: [startUs, endUs). */
  startUs: number;
  endUs: number;
  buckets: number;
  /** One entry per non-empty bucket, in bucket order. Times in epoch ms. */
  bucket: Uint32Array;
  count: Float64Array;
  firstTs: Float64Array;
  first: Float64Array;
  lastTs: Float64Array;
  last: Float64Array;
  minTs: Float64Array;
  min: Float64Array;
  maxTs: Float64Array;
  max: Float64Array;
}

export const MAX_M4_BUCKETS = 100_000;
const MIN_CELLS_PER_BUCKET = 8;
const LEVEL_GRID_US: Record<M4Level, number> = { raw: 1, '1s': 1_000_000, '1m': 60_000_000 };

export function chooseLevel(fromMs: number, toMs: number, buckets: number): M4Level {
  const bucketUs = ((toMs - fromMs) * 1000) / buckets;
  if (bucketUs >= LEVEL_GRID_US['1m'] * MIN_CELLS_PER_BUCKET) return '1m';
  if (bucketUs >= LEVEL_GRID_US['1s'] * MIN_CELLS_PER_BUCKET) return '1s';
  return 'raw';
}

export async function m4(ws: Workspace, series: SeriesRef, request: M4Request): Promise<M4Result> {
  const { from, to, buckets } = request;
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
    throw new LabError('invalid_input', 'M4 needs a time range with from < to');
  }
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > MAX_M4_BUCKETS) {
    throw new LabError('invalid_input', `bucket count must be an integer from 1 to ${MAX_M4_BUCKETS}`);
  }
  const level = request.level ?? chooseLevel(from, to, buckets);
  const grid = LEVEL_GRID_US[level];
  const startUs = Math.floor(toMicros(from) / grid) * grid;
  const endUs = Math.ceil(toMicros(to) / grid) * grid;
  const span = endUs - startUs;
  // Bucket arithmetic must not overflow BIGINT for century-long ranges with many buckets.
  const int = span * buckets < 2 ** 62 ? 'BIGINT' : 'HUGEINT';
  const sql = level === 'raw' ? rawSql(int) : rollupSql(level === '1s' ? 'rollup_1s' : 'rollup_1m', int);
  const cols = await ws.columns(
    `SELECT k, n, epoch_us(f.t) / 1000.0, f.v, epoch_us(l.t) / 1000.0, l.v, epoch_us(lo.t) / 1000.0, lo.v, -hi.nt / 1000.0, hi.v
     FROM (${sql}) ORDER BY k`,
    { m: series.machineId, s: series.sensorId, start: startUs, end: endUs, span, b: buckets },
  );
  const col = (i: number) => (cols[i] ?? []) as number[];
  const f64 = (i: number) => Float64Array.from(col(i));
  return {
    level,
    gridUs: grid,
    startUs,
    endUs,
    buckets,
    bucket: Uint32Array.from(col(0)),
    count: Float64Array.from(col(1), Number),
    firstTs: f64(2),
    first: f64(3),
    lastTs: f64(4),
    last: f64(5),
    minTs: f64(6),
    min: f64(7),
    maxTs: f64(8),
    max: f64(9),
  };
}

/** Ties: first = earliest (smallest value), last = latest (largest value), min/max = earliest. */
function rawSql(int: string): string {
  return `SELECT ((epoch_us(ts) - $start::BIGINT)::${int} * $b::${int} // $span::${int})::INTEGER AS k,
      count(*) AS n,
      min({'t': ts, 'v': value}) AS f, max({'t': ts, 'v': value}) AS l,
      min({'v': value, 't': ts}) AS lo, max({'v': value, 'nt': -epoch_us(ts)}) AS hi
    FROM readings
    WHERE machine = $m AND sensor = $s AND ts >= make_timestamp($start::BIGINT) AND ts < make_timestamp($end::BIGINT)
    GROUP BY k`;
}

function rollupSql(table: string, int: string): string {
  return `SELECT ((epoch_us(bucket) - $start::BIGINT)::${int} * $b::${int} // $span::${int})::INTEGER AS k,
      sum(n)::BIGINT AS n,
      min({'t': first_ts, 'v': first}) AS f, max({'t': last_ts, 'v': last}) AS l,
      min({'v': min, 't': min_ts}) AS lo, max({'v': max, 'nt': -epoch_us(max_ts)}) AS hi
    FROM ${table}
    WHERE machine = $m AND sensor = $s AND bucket >= make_timestamp($start::BIGINT) AND bucket < make_timestamp($end::BIGINT)
    GROUP BY k`;
}
