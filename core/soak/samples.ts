import { LabError } from '../model';
import { leastSquares } from './trend';

const MB = 1024 * 1024;

export interface SoakSample {
  /** Seconds since the live simulation started. */
  t: number;
  /** process.memoryUsage(), bytes. */
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Readings the live simulation has stored so far. */
  readings: number;
  /** DuckDB's own accounting of the memory it holds (duckdb_memory()), bytes: part of rss. */
  duckdb: number;
}

/** Samples in fixed typed arrays: the soak itself must not grow. */
export class SampleSeries {
  readonly t: Float64Array;
  readonly rss: Float64Array;
  readonly heapUsed: Float64Array;
  readonly external: Float64Array;
  readonly arrayBuffers: Float64Array;
  readonly readings: Float64Array;
  readonly duckdb: Float64Array;
  length = 0;

  constructor(readonly capacity: number) {
    this.t = new Float64Array(capacity);
    this.rss = new Float64Array(capacity);
    this.heapUsed = new Float64Array(capacity);
    this.external = new Float64Array(capacity);
    this.arrayBuffers = new Float64Array(capacity);
    this.readings = new Float64Array(capacity);
    this.duckdb = new Float64Array(capacity);
  }

  push(s: SoakSample): number {
    if (this.length === this.capacity) throw new LabError('internal', 'soak sample buffer full');
    const i = this.length++;
    this.t[i] = s.t;
    this.rss[i] = s.rss;
    this.heapUsed[i] = s.heapUsed;
    this.external[i] = s.external;
    this.arrayBuffers[i] = s.arrayBuffers;
    this.readings[i] = s.readings;
    this.duckdb[i] = s.duckdb;
    return i;
  }

  at(i: number): SoakSample {
    return { t: this.t[i]!, rss: this.rss[i]!, heapUsed: this.heapUsed[i]!, external: this.external[i]!, arrayBuffers: this.arrayBuffers[i]!, readings: this.readings[i]!, duckdb: this.duckdb[i]! };
  }
}

/** Trend of the samples at or after the warm-up: least squares of MB over minutes. */
export function memoryTrend(
  samples: { t: ArrayLike<number>; rss: ArrayLike<number>; heapUsed: ArrayLike<number>; duckdb?: ArrayLike<number>; length: number },
  warmupMs: number,
) {
  let first = 0;
  while (first < samples.length && samples.t[first]! * 1000 < warmupMs) first++;
  const n = samples.length - first;
  const minutes = new Float64Array(n);
  const rss = new Float64Array(n);
  const heap = new Float64Array(n);
  const duckdb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    minutes[i] = samples.t[first + i]! / 60;
    rss[i] = samples.rss[first + i]! / MB;
    heap[i] = samples.heapUsed[first + i]! / MB;
    duckdb[i] = (samples.duckdb?.[first + i] ?? NaN) / MB;
  }
  const fit = leastSquares(minutes, rss);
  const heapFit = leastSquares(minutes, heap);
  const duckdbFit = leastSquares(minutes, duckdb);
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    first: n > 0 ? first : null,
    referenceRssMb: n > 0 ? rss[0]! : null,
    growthMb: n > 1 ? rss[n - 1]! - rss[0]! : null,
    slopeMbPerMin: finite(fit.slope),
    slopeMbPer10Min: finite(fit.slope * 10),
    heapSlopeMbPer10Min: finite(heapFit.slope * 10),
    duckdbSlopeMbPer10Min: finite(duckdbFit.slope * 10),
  };
}
