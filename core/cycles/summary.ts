import type { CycleMetrics } from './types';

/** Metrics summarised per machine, trended, and screened for abnormal cycles. */
export const SUMMARY_METRICS = [
  'duration_s',
  'max_point',
  'mean',
  'median',
  'root_mean_squared',
  'std',
  'area_above_baseline',
  'rise_time_s',
  'fall_time_s',
  'baseline',
] as const satisfies readonly (keyof CycleMetrics)[];

export type SummaryMetric = (typeof SUMMARY_METRICS)[number];

/** The baseline describes the idle before a cycle, not the cycle: it is summarised, not screened. */
const SCREENED: readonly SummaryMetric[] = SUMMARY_METRICS.filter((m) => m !== 'baseline');

export interface MetricStats {
  count: number;
  mean: number;
  median: number;
  std: number | null;
  min: number;
  max: number;
}

export interface Trend {
  /** Least-squares slope against the cycles' reference times, per hour. */
  perHour: number;
  /** Change over the span of the cycles (slope × span). */
  change: number;
}

export interface AbnormalCycle {
  /** Position in the list summarised. */
  index: number;
  start: number;
  /** Robust z-scores beyond the limit, by metric. */
  scores: Partial<Record<SummaryMetric, number>>;
}

export interface CycleSummary {
  count: number;
  stats: Partial<Record<SummaryMetric, MetricStats>>;
  /** Drift of duration and peak over time; null with fewer than three cycles. */
  trends: { duration_s: Trend | null; max_point: Trend | null };
  /** |robust z| above which a metric counts as abnormal. */
  zLimit: number;
  abnormal: AbnormalCycle[];
}

/** MAD of a normal sample is 0.6745 σ: this scales it to σ. */
const MAD_TO_SIGMA = 1.4826;

/**
 * Per-machine statistics of cycles (ordered by start): each metric's spread, the trend of
 * duration and peak, and cycles whose metrics sit far out by robust z-score
 * (|x − median| / (1.4826·MAD)), which one odd cycle cannot mask the way it would a mean/σ score.
 */
export function summarizeCycles(cycles: readonly CycleMetrics[], zLimit = 3.5): CycleSummary {
  const stats: CycleSummary['stats'] = {};
  const centre: Partial<Record<SummaryMetric, { median: number; scale: number }>> = {};
  for (const name of SUMMARY_METRICS) {
    const values = cycles.map((c) => c[name]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
    if (values.length === 0) continue;
    const sorted = [...values].sort((a, b) => a - b);
    const median = quantile(sorted, 0.5);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.length > 1 ? values.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (values.length - 1) : NaN;
    stats[name] = { count: values.length, mean, median, std: Number.isFinite(variance) ? Math.sqrt(variance) : null, min: sorted[0]!, max: sorted[sorted.length - 1]! };
    const mad = quantile(sorted.map((x) => Math.abs(x - median)).sort((a, b) => a - b), 0.5);
    // A MAD of zero (more than half the cycles identical) would flag every other value; skip.
    if (mad > 0 && values.length >= 5) centre[name] = { median, scale: MAD_TO_SIGMA * mad };
  }
  const abnormal: AbnormalCycle[] = [];
  cycles.forEach((c, index) => {
    const scores: AbnormalCycle['scores'] = {};
    let any = false;
    for (const name of SCREENED) {
      const ref = centre[name];
      const x = c[name];
      if (!ref || typeof x !== 'number') continue;
      const z = (x - ref.median) / ref.scale;
      if (Math.abs(z) > zLimit) {
        scores[name] = Math.round(z * 100) / 100;
        any = true;
      }
    }
    if (any) abnormal.push({ index, start: c.start, scores });
  });
  return {
    count: cycles.length,
    stats,
    trends: { duration_s: trend(cycles, 'duration_s'), max_point: trend(cycles, 'max_point') },
    zLimit,
    abnormal,
  };
}

function trend(cycles: readonly CycleMetrics[], name: 'duration_s' | 'max_point'): Trend | null {
  if (cycles.length < 3) return null;
  const t0 = cycles[0]!.reference_time;
  let sx = 0;
  let sy = 0;
  for (const c of cycles) {
    sx += (c.reference_time - t0) / 3_600_000;
    sy += c[name];
  }
  const mx = sx / cycles.length;
  const my = sy / cycles.length;
  let sxx = 0;
  let sxy = 0;
  for (const c of cycles) {
    const dx = (c.reference_time - t0) / 3_600_000 - mx;
    sxx += dx * dx;
    sxy += dx * (c[name] - my);
  }
  if (!(sxx > 0)) return null;
  const perHour = sxy / sxx;
  const spanHours = (cycles[cycles.length - 1]!.reference_time - t0) / 3_600_000;
  return { perHour, change: perHour * spanHours };
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}
