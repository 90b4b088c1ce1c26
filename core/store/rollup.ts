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

export function rollupColumnArrays(r: RollupColumns): (Float64Array | Uint16Array | Uint32Array)[] {
  return [r.bucket, r.machine, r.sensor, r.n, r.min, r.minTs, r.max, r.maxTs, r.sum, r.sumSq, r.first, r.firstTs, r.last, r.lastTs];
}

function allocate(capacity: number): RollupColumns {
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

/** Counts the buckets first so every column is allocated once, at its exact size. */
function countBuckets(ts: Float64Array, machine: Uint16Array, sensor: Uint16Array, n: number, width: number): number {
  let count = 0;
  let bucket = NaN;
  let m = -1;
  let s = -1;
  for (let i = 0; i < n; i++) {
    const b = Math.floor(ts[i]! / width) * width;
    if (b !== bucket || machine[i] !== m || sensor[i] !== s) {
      count++;
      bucket = b;
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
  const out = allocate(countBuckets(ts, machine, sensor, n, widthMs));
  let r = -1;
  let bucket = NaN;
  let m = -1;
  let s = -1;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    const v = value[i]!;
    const b = Math.floor(t / widthMs) * widthMs;
    if (b !== bucket || machine[i] !== m || sensor[i] !== s) {
      r++;
      bucket = b;
      m = machine[i]!;
      s = sensor[i]!;
      out.bucket[r] = b;
      out.machine[r] = m;
      out.sensor[r] = s;
      out.n[r] = 1;
      out.min[r] = v;
      out.minTs[r] = t;
      out.max[r] = v;
      out.maxTs[r] = t;
      out.sum[r] = v;
      out.sumSq[r] = v * v;
      out.first[r] = v;
      out.firstTs[r] = t;
      out.last[r] = v;
      out.lastTs[r] = t;
      continue;
    }
    out.n[r]!++;
    if (v < out.min[r]!) {
      out.min[r] = v;
      out.minTs[r] = t;
    }
    if (v > out.max[r]!) {
      out.max[r] = v;
      out.maxTs[r] = t;
    }
    out.sum[r]! += v;
    out.sumSq[r]! += v * v;
    if (t === out.firstTs[r] && v < out.first[r]!) out.first[r] = v;
    if (t > out.lastTs[r]! || v > out.last[r]!) {
      out.last[r] = v;
      out.lastTs[r] = t;
    }
  }
  out.length = r + 1;
  return out;
}

/** Rewrites batch-local machine/sensor ids to workspace ids, in place. */
export function remapIds(column: Uint16Array, n: number, lookup: Uint16Array): void {
  for (let i = 0; i < n; i++) column[i] = lookup[column[i]!]!;
}
