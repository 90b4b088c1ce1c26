/**
 * Rollup buckets computed over typed arrays during ingest. Input rows must be grouped by series
 * (machine, sensor) and time-ordered within a series — the layout `prepareBatch` produces — so
 * one linear pass finds every bucket.
 */
export interface RollupColumns {
  length: number;
  bucket: Float64Array;
  machine: Uint16Array;
  sensor: Uint16Array;
  n: Uint32Array;
  min: Float64Array;
  minTs: Float64Array;
  max: Float64Array;
  maxTs: Float64Array;
  sum: Float64Array;
  sumSq: Float64Array;
  first: Float64Array;
  firstTs: Float64Array;
  last: Float64Array;
  lastTs: Float64Array;
}

export const ROLLUP_WIDTHS_MS = { '1s': 1000, '1m': 60_000 } as const;
export type RollupLevel = keyof typeof ROLLUP_WIDTHS_MS;

/** Table column order, matched by `rollupColumnArrays`. */
export const ROLLUP_COLUMN_KINDS = [
  'timestamp', 'u16', 'u16', 'u32', 'f64', 'timestamp', 'f64', 'timestamp',
  'f64', 'f64', 'f64', 'timestamp', 'f64', 'timestamp',
] as const;

/** The same columns with timestamps in epoch µs (what `RollupAccumulator` produces). */
export const ROLLUP_COLUMN_KINDS_US = ROLLUP_COLUMN_KINDS.map((k) => (k === 'timestamp' ? 'timestamp_us' : k));

export function rollupColumnArrays(r: RollupColumns): (Float64Array | Uint16Array | Uint32Array)[] {
  return [r.bucket, r.machine, r.sensor, r.n, r.min, r.minTs, r.max, r.maxTs, r.sum, r.sumSq, r.first, r.firstTs, r.last, r.lastTs];
}

export function allocateRollup(capacity: number): RollupColumns {
  return {
    length: 0,
    bucket: new Float64Array(capacity),
    machine: new Uint16Array(capacity),
    sensor: new Uint16Array(capacity),
    n: new Uint32Array(capacity),
    min: new Float64Array(capacity),
    minTs: new Float64Array(capacity),
    max: new Float64Array(capacity),
    maxTs: new Float64Array(capacity),
    sum: new Float64Array(capacity),
    sumSq: new Float64Array(capacity),
    first: new Float64Array(capacity),
    firstTs: new Float64Array(capacity),
    last: new Float64Array(capacity),
    lastTs: new Float64Array(capacity),
  };
}

type Column = Float64Array | Uint16Array | Uint32Array;

/** The same rollup with every column passed through `f` (a view, a copy, a bigger buffer). */
export function mapRollupColumns(r: RollupColumns, length: number, f: <C extends Column>(column: C) => C): RollupColumns {
  return {
    length,
    bucket: f(r.bucket),
    machine: f(r.machine),
    sensor: f(r.sensor),
    n: f(r.n),
    min: f(r.min),
    minTs: f(r.minTs),
    max: f(r.max),
    maxTs: f(r.maxTs),
    sum: f(r.sum),
    sumSq: f(r.sumSq),
    first: f(r.first),
    firstTs: f(r.firstTs),
    last: f(r.last),
    lastTs: f(r.lastTs),
  };
}

/** Counts the buckets first so every column is allocated once, at its exact size. */
function countBuckets(ts: Float64Array, machine: Uint16Array, sensor: Uint16Array, n: number, width: number): number {
  let count = 0;
  let bucket = NaN;
  let bucketEnd = NaN;
  let m = -1;
  let s = -1;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    if (!(t >= bucket && t < bucketEnd) || machine[i] !== m || sensor[i] !== s) {
      count++;
      bucket = Math.floor(t / width) * width;
      bucketEnd = bucket + width;
      m = machine[i]!;
      s = sensor[i]!;
    }
  }
  return count;
}

/**
 * Tie rules shared with M4 (store/m4.ts): `min`/`max` keep the earliest time among equal
 * extremes; `first` is the earliest sample (smallest value on a time tie), `last` the latest
 * (largest value on a time tie). Rows are time-ordered within a series, so `t >= lastTs` always.
 */
export function computeRollup(
  ts: Float64Array,
  machine: Uint16Array,
  sensor: Uint16Array,
  value: Float64Array,
  n: number,
  widthMs: number,
): RollupColumns {
  const out = allocateRollup(countBuckets(ts, machine, sensor, n, widthMs));
  // The open bucket lives in plain locals (no closure may capture them, or V8 moves them to the
  // heap) and is written out when it closes; i === n is a sentinel that closes the last one.
  let r = -1;
  let bucket = NaN;
  let bucketEnd = NaN;
  let m = -1;
  let s = -1;
  let count = 0;
  let lo = 0;
  let loTs = 0;
  let hi = 0;
  let hiTs = 0;
  let sum = 0;
  let sumSq = 0;
  let first = 0;
  let firstTs = 0;
  let last = 0;
  let lastTs = 0;
  for (let i = 0; i <= n; i++) {
    const t = i < n ? ts[i]! : NaN;
    const v = i < n ? value[i]! : NaN;
    const mi = i < n ? machine[i]! : -1;
    const si = i < n ? sensor[i]! : -1;
    if (t >= bucket && t < bucketEnd && mi === m && si === s) {
      count++;
      if (v < lo) {
        lo = v;
        loTs = t;
      }
      if (v > hi) {
        hi = v;
        hiTs = t;
      }
      sum += v;
      sumSq += v * v;
      if (t === firstTs && v < first) first = v;
      if (t > lastTs || v > last) {
        last = v;
        lastTs = t;
      }
      continue;
    }
    if (r >= 0) {
      out.bucket[r] = bucket;
      out.machine[r] = m;
      out.sensor[r] = s;
      out.n[r] = count;
      out.min[r] = lo;
      out.minTs[r] = loTs;
      out.max[r] = hi;
      out.maxTs[r] = hiTs;
      out.sum[r] = sum;
      out.sumSq[r] = sumSq;
      out.first[r] = first;
      out.firstTs[r] = firstTs;
      out.last[r] = last;
      out.lastTs[r] = lastTs;
    }
    if (i === n) break;
    r++;
    bucket = Math.floor(t / widthMs) * widthMs;
    bucketEnd = bucket + widthMs;
    m = mi;
    s = si;
    count = 1;
    lo = hi = sum = first = last = v;
    loTs = hiTs = firstTs = lastTs = t;
    sumSq = v * v;
  }
  out.length = r + 1;
  return out;
}

/** Rewrites batch-local machine/sensor ids to workspace ids, in place. */
export function remapIds(column: Uint16Array, n: number, lookup: Uint16Array): void {
  for (let i = 0; i < n; i++) column[i] = lookup[column[i]!]!;
}
