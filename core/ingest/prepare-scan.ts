import { allocateRollup, mapRollupColumns, type RollupColumns } from '../store/rollup';

/** Readings outside these years are treated as corrupt clocks, not data. */
export const MIN_VALID_TS = Date.UTC(1970, 0, 1);
export const MAX_VALID_TS = Date.UTC(2200, 0, 1);

/** What one pass over a clean, ordered batch yields besides the rows themselves. */
export interface ScanResult {
  rollup1s: RollupColumns;
  rollup1m: RollupColumns;
  minTs: number;
  maxTs: number;
}

const SECOND = 1000;
const MINUTE = 60_000;

/** Rows per `scanBlock` call: many short calls get the loop optimised with full type feedback. */
const BLOCK = 8192;
/** Layout of the scan state carried between blocks: last row's series and time, time span, open buckets. */
const PM = 0;
const PS = 1;
const PT = 2;
const MIN_TS = 3;
const MAX_TS = 4;
/** Offsets of the open 1 s and 1 min buckets: bucket, end, n, min, minTs, max, maxTs, sum, sumSq, first, firstTs, last, lastTs. */
const SEC = 5;
const MIN = 18;
const STATE = 31;

/**
 * One pass over rows [0, n): checks every reading against its sensor's range `[lo, hi]` and the
 * valid years, checks that rows are grouped by series (machine, sensor) in ascending order and
 * time-ordered within a series, and computes both rollup levels and the time span on the way.
 * Returns null as soon as a row fails either check: the caller then takes the general path
 * (quarantine, reorder) and scans the clean rows it produces.
 *
 * The rollups are exactly `computeRollup`'s (store/rollup.ts) for widths 1 s and 1 min — same
 * bucket rule, same summation order, same tie rules — computed together so the rows are read once.
 */
export function scanBatch(
  ts: Float64Array,
  machine: Uint16Array,
  sensor: Uint16Array,
  value: Float64Array,
  n: number,
  lo: Float64Array,
  hi: Float64Array,
): ScanResult | null {
  // First guesses (10 Hz series fill a 1 s bucket with 10 rows); a sink doubles when full.
  const sec = new RollupSink(n >>> 3);
  const min = new RollupSink(n >>> 9);
  const st = new Float64Array(STATE);
  st[PM] = -1;
  st[PS] = -1;
  st[PT] = -Infinity;
  st[MIN_TS] = Infinity;
  st[MAX_TS] = -Infinity;
  for (let from = 0; from < n; from += BLOCK) {
    if (!scanBlock(ts, machine, sensor, value, from, Math.min(n, from + BLOCK), lo, hi, st, sec, min)) return null;
  }
  if (n) {
    sec.pushOpen(st, SEC, st[PM]!, st[PS]!);
    min.pushOpen(st, MIN, st[PM]!, st[PS]!);
  }
  return { rollup1s: sec.columns(), rollup1m: min.columns(), minTs: n ? st[MIN_TS]! : NaN, maxTs: n ? st[MAX_TS]! : NaN };
}

/** Rows [from, to) of `scanBatch`, with its state in `st` going in and out. */
function scanBlock(
  ts: Float64Array,
  machine: Uint16Array,
  sensor: Uint16Array,
  value: Float64Array,
  from: number,
  to: number,
  lo: Float64Array,
  hi: Float64Array,
  st: Float64Array,
  sec: RollupSink,
  min: RollupSink,
): boolean {
  let pm = st[PM]!;
  let ps = st[PS]!;
  let pt = st[PT]!;
  let minTs = st[MIN_TS]!;
  let maxTs = st[MAX_TS]!;
  // The open buckets live in plain locals inside the loop (see computeRollup).
  let aBucket = st[SEC]!, aEnd = st[SEC + 1]!, aN = st[SEC + 2]!, aLo = st[SEC + 3]!, aLoTs = st[SEC + 4]!, aHi = st[SEC + 5]!, aHiTs = st[SEC + 6]!;
  let aSum = st[SEC + 7]!, aSq = st[SEC + 8]!, aFirst = st[SEC + 9]!, aFirstTs = st[SEC + 10]!, aLast = st[SEC + 11]!, aLastTs = st[SEC + 12]!;
  let bBucket = st[MIN]!, bEnd = st[MIN + 1]!, bN = st[MIN + 2]!, bLo = st[MIN + 3]!, bLoTs = st[MIN + 4]!, bHi = st[MIN + 5]!, bHiTs = st[MIN + 6]!;
  let bSum = st[MIN + 7]!, bSq = st[MIN + 8]!, bFirst = st[MIN + 9]!, bFirstTs = st[MIN + 10]!, bLast = st[MIN + 11]!, bLastTs = st[MIN + 12]!;
  for (let i = from; i < to; i++) {
    const t = ts[i]!;
    const v = value[i]!;
    const m = machine[i]!;
    const s = sensor[i]!;
    // `v - v === 0` is false for NaN and ±Infinity: an open range must still refuse them.
    if (!(v >= lo[s]! && v <= hi[s]! && v - v === 0 && t >= MIN_VALID_TS && t < MAX_VALID_TS)) return false;
    const same = m === pm && s === ps;
    if (same) {
      if (t < pt) return false;
    } else if (m < pm || (m === pm && s < ps)) {
      return false;
    }
    if (t < minTs) minTs = t;
    if (t > maxTs) maxTs = t;
    if (same && t >= aBucket && t < aEnd) {
      aN++;
      if (v < aLo) {
        aLo = v;
        aLoTs = t;
      }
      if (v > aHi) {
        aHi = v;
        aHiTs = t;
      }
      aSum += v;
      aSq += v * v;
      if (t === aFirstTs && v < aFirst) aFirst = v;
      if (t > aLastTs || v > aLast) {
        aLast = v;
        aLastTs = t;
      }
    } else {
      if (aN) sec.push(aBucket, pm, ps, aN, aLo, aLoTs, aHi, aHiTs, aSum, aSq, aFirst, aFirstTs, aLast, aLastTs);
      aBucket = Math.floor(t / SECOND) * SECOND;
      aEnd = aBucket + SECOND;
      aN = 1;
      aLo = aHi = aSum = aFirst = aLast = v;
      aLoTs = aHiTs = aFirstTs = aLastTs = t;
      aSq = v * v;
    }
    if (same && t >= bBucket && t < bEnd) {
      bN++;
      if (v < bLo) {
        bLo = v;
        bLoTs = t;
      }
      if (v > bHi) {
        bHi = v;
        bHiTs = t;
      }
      bSum += v;
      bSq += v * v;
      if (t === bFirstTs && v < bFirst) bFirst = v;
      if (t > bLastTs || v > bLast) {
        bLast = v;
        bLastTs = t;
      }
    } else {
      if (bN) min.push(bBucket, pm, ps, bN, bLo, bLoTs, bHi, bHiTs, bSum, bSq, bFirst, bFirstTs, bLast, bLastTs);
      bBucket = Math.floor(t / MINUTE) * MINUTE;
      bEnd = bBucket + MINUTE;
      bN = 1;
      bLo = bHi = bSum = bFirst = bLast = v;
      bLoTs = bHiTs = bFirstTs = bLastTs = t;
      bSq = v * v;
    }
    pm = m;
    ps = s;
    pt = t;
  }
  st.set([pm, ps, pt, minTs, maxTs], PM);
  st.set([aBucket, aEnd, aN, aLo, aLoTs, aHi, aHiTs, aSum, aSq, aFirst, aFirstTs, aLast, aLastTs], SEC);
  st.set([bBucket, bEnd, bN, bLo, bLoTs, bHi, bHiTs, bSum, bSq, bFirst, bFirstTs, bLast, bLastTs], MIN);
  return true;
}

/** Closed buckets, in columns that double when full; `columns()` trims them to views. */
class RollupSink {
  private out: RollupColumns;
  private capacity: number;

  constructor(capacity: number) {
    this.capacity = Math.max(16, capacity);
    this.out = allocateRollup(this.capacity);
  }

  push(
    bucket: number,
    machine: number,
    sensor: number,
    n: number,
    min: number,
    minTs: number,
    max: number,
    maxTs: number,
    sum: number,
    sumSq: number,
    first: number,
    firstTs: number,
    last: number,
    lastTs: number,
  ): void {
    let out = this.out;
    const r = out.length;
    if (r === this.capacity) out = this.grow();
    out.bucket[r] = bucket;
    out.machine[r] = machine;
    out.sensor[r] = sensor;
    out.n[r] = n;
    out.min[r] = min;
    out.minTs[r] = minTs;
    out.max[r] = max;
    out.maxTs[r] = maxTs;
    out.sum[r] = sum;
    out.sumSq[r] = sumSq;
    out.first[r] = first;
    out.firstTs[r] = firstTs;
    out.last[r] = last;
    out.lastTs[r] = lastTs;
    out.length = r + 1;
  }

  /** Closes the open bucket kept at `st[at…]` (the layout `scanBlock` keeps), if it has rows. */
  pushOpen(st: Float64Array, at: number, machine: number, sensor: number): void {
    if (!st[at + 2]) return;
    this.push(st[at]!, machine, sensor, st[at + 2]!, st[at + 3]!, st[at + 4]!, st[at + 5]!, st[at + 6]!, st[at + 7]!, st[at + 8]!, st[at + 9]!, st[at + 10]!, st[at + 11]!, st[at + 12]!);
  }

  columns(): RollupColumns {
    const length = this.out.length;
    return mapRollupColumns(this.out, length, (column) => column.subarray(0, length) as typeof column);
  }

  private grow(): RollupColumns {
    this.capacity *= 2;
    const capacity = this.capacity;
    this.out = mapRollupColumns(this.out, this.out.length, (column) => {
      const bigger = new (column.constructor as new (n: number) => typeof column)(capacity);
      bigger.set(column);
      return bigger;
    });
    return this.out;
  }
}
