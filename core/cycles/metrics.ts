import { med3 } from './refine';
import { medianOf, type Scratch } from './select';
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

/**
 * All per-cycle metrics of samples [start, end] in one pass plus a selection for the median.
 * Rise and fall times read the median-of-three filtered signal (a spike must not fake a
 * crossing) with linear interpolation between samples; the fall may run past the cycle's end,
 * up to the look-ahead limit.
 */
export function cycleMetrics(
  ts: Float64Array,
  v: Float64Array,
  base: number,
  start: number,
  end: number,
  ctx: MetricContext,
  scratch: Scratch,
): CycleMetrics {
  const s = start - base;
  const e = end - base;
  const tStart = ts[s]!;
  const tEnd = ts[e]!;
  const baseline = baselineBefore(ts, v, base, start, ctx.low, scratch);
  const { threshold } = ctx;
  // Sums are taken relative to the first value so the variance does not cancel catastrophically.
  const shift = v[s]!;
  let sum = 0;
  let sumSq = 0;
  let sumRaw2 = 0;
  let min = Infinity;
  let max = -Infinity;
  let area = 0;
  let above = 0;
  for (let i = s; i <= e; i++) {
    const x = v[i]!;
    const d = x - shift;
    sum += d;
    sumSq += d * d;
    sumRaw2 += x * x;
    if (x < min) min = x;
    if (x > max) max = x;
    if (i > s) {
      const dt = (ts[i]! - ts[i - 1]!) / 1000;
      area += dt * positivePart(v[i - 1]! - baseline, x - baseline);
      above += dt * positivePart(v[i - 1]! - threshold, x - threshold, true);
    }
  }
  const n = e - s + 1;
  const median = medianOf(v, s, e + 1, scratch);
  const step = median - baseline;
  const m = (i: number) => med3(v, base, i, ctx.low, ctx.limit);
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
    rise_time_s: step > 0 ? riseTime(ts, base, start, end, baseline + 0.1 * step, baseline + 0.9 * step, m, ctx.low) : null,
    fall_time_s: step > 0 ? fallTime(ts, base, start, end, baseline + 0.9 * step, baseline + 0.1 * step, m, ctx.limit) : null,
    overshoot_pct: step > 0 ? ((max - median) / step) * 100 : null,
    time_above_threshold_s: above,
    threshold,
    reference_time: (tStart + tEnd) / 2,
  };
}

/**
 * ∫ max(0, y) over one step of a linear interpolation from p to q, per unit time: exact for the
 * piecewise-linear signal. With `fraction` it is the share of the step spent above zero instead.
 */
function positivePart(p: number, q: number, fraction = false): number {
  if (p >= 0 && q >= 0) return fraction ? 1 : (p + q) / 2;
  if (p <= 0 && q <= 0) return 0;
  const hi = p > 0 ? p : q;
  const share = hi / Math.abs(p - q);
  return fraction ? share : (hi * share) / 2;
}

function baselineBefore(ts: Float64Array, v: Float64Array, base: number, start: number, low: number, scratch: Scratch): number {
  let from = Math.max(low, start - BASELINE_MAX_SAMPLES);
  const since = ts[start - base]! - BASELINE_MS;
  while (from < start && ts[from - base]! < since) from++;
  if (from < start) return medianOf(v, from - base, start - base, scratch);
  // Sparse data (or a cycle right after another): the one sample before, else the first one.
  return start - 1 >= low ? v[start - 1 - base]! : v[start - base]!;
}

/** Time at which the filtered signal crosses `level` between samples i − 1 and i. */
function crossing(ts: Float64Array, base: number, i: number, level: number, m: (i: number) => number, low: number): number {
  const t = ts[i - base]!;
  if (i - 1 < low) return t;
  const a = m(i - 1);
  const b = m(i);
  if (a === b || (a - level) * (b - level) > 0) return t;
  const t0 = ts[i - 1 - base]!;
  return t0 + ((level - a) / (b - a)) * (t - t0);
}

function riseTime(ts: Float64Array, base: number, start: number, end: number, l10: number, l90: number, m: (i: number) => number, low: number): number | null {
  let i = start;
  while (i <= end && m(i) < l10) i++;
  if (i > end) return null;
  const t10 = crossing(ts, base, i, l10, m, low);
  while (i <= end && m(i) < l90) i++;
  if (i > end) return null;
  return (crossing(ts, base, i, l90, m, low) - t10) / 1000;
}

function fallTime(ts: Float64Array, base: number, start: number, end: number, l90: number, l10: number, m: (i: number) => number, limit: number): number | null {
  // The last sample at 90 % inside the cycle, then onwards (a cycle may end before it falls).
  let i = end;
  while (i >= start && m(i) < l90) i--;
  if (i < start) return null;
  while (i + 1 <= limit && m(i + 1) >= l90) i++;
  if (i + 1 > limit) return null;
  const t90 = crossing(ts, base, i + 1, l90, m, i);
  let j = i + 1;
  while (j <= limit && m(j) > l10) j++;
  if (j > limit) return null;
  return (crossing(ts, base, j, l10, m, i) - t90) / 1000;
}
