import { AT_LEAST, AT_MOST, BELOW, type Filtered } from './filtered';
import type { Edges } from './refine';
import { BandMedian, medianOf, Scratch } from './select';
import type { CycleMetrics } from './types';

/** The baseline is the idle level just before a cycle: at most this long, and this many samples. */
export const BASELINE_MS = 2000;
export const BASELINE_MAX_SAMPLES = 256;

export interface MetricContext {
  /** Lowest index that may be read (after the previous segment), and the look-ahead limit. */
  low: number;
  limit: number;
  threshold: number;
  /** The previous reported cycle, for idle time and period. */
  previous: { start: number; end: number } | null;
}

/** Reused working memory of the metrics. */
export class MetricScratch extends Scratch {
  readonly band = new BandMedian();
}

/**
 * All per-cycle metrics of samples [start, end] in two passes plus a selection for the median.
 * Rise and fall times read the median-of-three filtered edges (a spike must not fake a
 * crossing) with linear interpolation between samples; the rise may start before the cycle (a
 * fixed threshold cuts part-way up the edge) and the fall run past its end, up to the
 * look-ahead limit.
 */
export function cycleMetrics(
  ts: Float64Array,
  v: Float64Array,
  base: number,
  start: number,
  end: number,
  ctx: MetricContext,
  scratch: MetricScratch,
  edges: Edges,
): CycleMetrics {
  const s = start - base;
  const e = end - base;
  const tStart = ts[s]!;
  const tEnd = ts[e]!;
  const baseline = baselineBefore(ts, v, base, start, ctx.low, scratch);
  const { threshold } = ctx;
  // One pass: moments, extremes, area, time above the threshold, and the median's band keep
  // (see BandMedian), branch-free. Sums are taken relative to the first value so the variance
  // does not cancel catastrophically; every sum adds its terms in sample order.
  const n = e - s + 1;
  const band = scratch.band;
  band.prepare(v, s, e);
  const { lo, hi, buffer } = band;
  const shift = v[s]!;
  let sum = 0;
  let sumSq = 0;
  let sumRaw2 = shift * shift;
  let min = shift;
  let max = shift;
  // Twice the area (ms·value) and the time above the threshold (ms); the rare steps that cross
  // a level take the exact linear share.
  let area2 = 0;
  let above = 0;
  let prevT = tStart;
  let prevB = shift - baseline;
  let prevA = shift - threshold;
  // Keep branch-free: write every value, advance only inside the band.
  buffer[0] = shift;
  let kept = +(shift >= lo) & +(shift <= hi);
  let below = +(shift < lo);
  for (let i = s + 1; i <= e; i++) {
    const t = ts[i]!;
    const x = v[i]!;
    const d = x - shift;
    sum += d;
    sumSq += d * d;
    sumRaw2 += x * x;
    if (x < min) min = x;
    if (x > max) max = x;
    buffer[kept] = x;
    kept += +(x >= lo) & +(x <= hi);
    below += +(x < lo);
    const b = x - baseline;
    const a = x - threshold;
    const dt = t - prevT;
    if (b >= 0 && prevB >= 0) area2 += (b + prevB) * dt;
    else if (b > 0 || prevB > 0) area2 += crossingArea2(prevB, b) * dt;
    if (a > 0 && prevA > 0) above += dt;
    else if (a > 0 || prevA > 0) above += (Math.max(a, prevA) / Math.abs(a - prevA)) * dt;
    prevT = t;
    prevB = b;
    prevA = a;
  }
  const median = band.median(v, s, e, kept, below);
  const area = area2 / 2000;
  const step = median - baseline;
  return {
    start: tStart,
    end: tEnd,
    duration_s: (tEnd - tStart) / 1000,
    idle_before_s: ctx.previous ? (tStart - ctx.previous.end) / 1000 : null,
    period_s: ctx.previous ? (tStart - ctx.previous.start) / 1000 : null,
    samples: n,
    baseline,
    max_point: max,
    min,
    mean: shift + sum / n,
    median,
    root_mean_squared: Math.sqrt(sumRaw2 / n),
    std: n > 1 ? Math.sqrt(Math.max(0, (sumSq - (sum * sum) / n) / (n - 1))) : null,
    area_above_baseline: area,
    rise_time_s: step > 0 ? riseTime(ts, base, start, end, baseline + 0.1 * step, baseline + 0.9 * step, edges.rise, ctx.low) : null,
    fall_time_s: step > 0 ? fallTime(ts, base, start, end, baseline + 0.9 * step, baseline + 0.1 * step, edges.fall, ctx.limit) : null,
    overshoot_pct: step > 0 ? ((max - median) / step) * 100 : null,
    time_above_threshold_s: above / 1000,
    threshold,
    reference_time: (tStart + tEnd) / 2,
  };
}

/** Twice ∫ max(0, y) per unit time over a step from p to q of opposite signs (linear interpolation). */
function crossingArea2(p: number, q: number): number {
  const hi = p > 0 ? p : q;
  return (hi * hi) / Math.abs(p - q);
}

function baselineBefore(ts: Float64Array, v: Float64Array, base: number, start: number, low: number, scratch: Scratch): number {
  const since = ts[start - base]! - BASELINE_MS;
  let from = start;
  const stop = Math.max(low, start - BASELINE_MAX_SAMPLES);
  while (from > stop && ts[from - 1 - base]! >= since) from--;
  if (from < start) return medianOf(v, from - base, start - base, scratch);
  // Sparse data (or a cycle right after another): the one sample before, else the first one.
  return start - 1 >= low ? v[start - 1 - base]! : v[start - base]!;
}

/** Time at which the filtered signal crosses `level` between samples i − 1 and i. */
function crossing(ts: Float64Array, base: number, i: number, level: number, m: Filtered, low: number): number {
  const t = ts[i - base]!;
  if (i - 1 < low) return t;
  const a = m.at(i - 1);
  const b = m.at(i);
  if (a === b || (a - level) * (b - level) > 0) return t;
  const t0 = ts[i - 1 - base]!;
  return t0 + ((level - a) / (b - a)) * (t - t0);
}

/**
 * The rise: the first sample at 90 % within the cycle, and the last one below 10 % before it (the
 * cycle may start part-way up the edge, as a fixed threshold cuts it, so this looks back).
 */
function riseTime(ts: Float64Array, base: number, start: number, end: number, l10: number, l90: number, m: Filtered, low: number): number | null {
  const i = m.seek(start, end, 1, l90, AT_LEAST);
  if (i > end) return null;
  const t90 = crossing(ts, base, i, l90, m, low);
  const j = m.seek(i - 1, low, -1, l10, BELOW);
  if (j < low) return null;
  return (t90 - crossing(ts, base, j + 1, l10, m, low)) / 1000;
}

function fallTime(ts: Float64Array, base: number, start: number, end: number, l90: number, l10: number, m: Filtered, limit: number): number | null {
  // The last sample at 90 % inside the cycle, then onwards (a cycle may end before it falls).
  let i = m.seek(end, start, -1, l90, AT_LEAST);
  if (i < start) return null;
  i = m.seek(i + 1, limit, 1, l90, BELOW) - 1;
  if (i + 1 > limit) return null;
  const t90 = crossing(ts, base, i + 1, l90, m, i);
  const j = m.seek(i + 1, limit, 1, l10, AT_MOST);
  if (j > limit) return null;
  return (crossing(ts, base, j, l10, m, i) - t90) / 1000;
}
