import { LabError } from '../model';

/**
 * How cycles are cut. With `threshold` set the detector runs in fixed mode (the Motor project's
 * cutter); without it, in auto mode (levels estimated from the data, hysteresis, refined edges).
 */
export interface CycleOptions {
  /** Fixed mode: a cycle is a run of samples above this value. */
  threshold?: number | undefined;
  /** Runs separated by a gap shorter than this are one cycle (default 0 fixed, 1 s auto). */
  minGapMs?: number | undefined;
  /** Shorter cycles (auto: shorter excursions) are glitches, not cycles (default 0 fixed, 1 s auto). */
  minDurationMs?: number | undefined;
  /** Auto mode: span of data the idle and loaded levels are first estimated on (default 5 min). */
  warmupMs?: number | undefined;
}

export interface ResolvedOptions {
  mode: 'fixed' | 'auto';
  threshold: number;
  minGapMs: number;
  minDurationMs: number;
  warmupMs: number;
}

export const AUTO_DEFAULTS = { minGapMs: 1000, minDurationMs: 1000, warmupMs: 300_000 } as const;
const MAX_SPAN_MS = 366 * 86_400_000;

/**
 * Everything measured on one cycle, stored as the `metrics` JSON of a `cycles` row. Keys are
 * snake_case with units because this is a persisted record read by SQL and other tools; the
 * Motor project's names (`max_point`, `median`, `root_mean_squared`) are kept.
 */
export interface CycleMetrics {
  /** Epoch ms of the first and last sample of the cycle. */
  start: number;
  end: number;
  duration_s: number;
  /** From the previous cycle's last sample to this one's first; null for the first cycle seen. */
  idle_before_s: number | null;
  /** From the previous cycle's start to this one's; null for the first cycle seen. */
  period_s: number | null;
  samples: number;
  /** Idle level before the cycle: median of the last idle samples (up to 2 s) before its start. */
  baseline: number;
  max_point: number;
  min: number;
  mean: number;
  median: number;
  root_mean_squared: number;
  /** Sample standard deviation (n − 1); null for a one-sample cycle. */
  std: number | null;
  /** ∫ max(0, value − baseline) dt over the cycle, in value·s (trapezoid rule). */
  area_above_baseline: number;
  /** 10 % → 90 % of the step from baseline to the cycle's median level; null if not reached. */
  rise_time_s: number | null;
  /** 90 % → 10 % of that step at the end (may run past the cycle's end); null if not reached. */
  fall_time_s: number | null;
  /** (max − median level) / (median level − baseline) · 100; null when the step is not positive. */
  overshoot_pct: number | null;
  /** Time the linearly interpolated signal spends above `threshold` within the cycle. */
  time_above_threshold_s: number;
  /** The detection threshold this cycle was cut with (fixed T, or auto's upper hysteresis level). */
  threshold: number;
  /** Midpoint of the first and last sample, epoch ms. */
  reference_time: number;
}

/** A closed cycle: sample positions in the detector's stream (0 = first sample pushed) and metrics. */
export interface Cycle {
  startIndex: number;
  endIndex: number;
  metrics: CycleMetrics;
}

export function resolveOptions(options: CycleOptions = {}): ResolvedOptions {
  const { threshold } = options;
  if (threshold !== undefined && (typeof threshold !== 'number' || !Number.isFinite(threshold))) {
    throw new LabError('usage', `invalid threshold ${String(threshold)} (use a finite number)`);
  }
  const fixed = threshold !== undefined;
  const span = (name: string, value: number | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_SPAN_MS) {
      throw new LabError('usage', `invalid ${name} ${String(value)} ms (use 0 to 366 days)`);
    }
    return value;
  };
  const warmupMs = span('warm-up', options.warmupMs, AUTO_DEFAULTS.warmupMs);
  return {
    mode: fixed ? 'fixed' : 'auto',
    threshold: fixed ? threshold : NaN,
    minGapMs: span('min gap', options.minGapMs, fixed ? 0 : AUTO_DEFAULTS.minGapMs),
    minDurationMs: span('min duration', options.minDurationMs, fixed ? 0 : AUTO_DEFAULTS.minDurationMs),
    warmupMs: warmupMs > 0 ? warmupMs : 1,
  };
}

/**
 * The `detector` column: the mode and every parameter, canonically written. Rows are replaced
 * per machine × sensor × detector, so re-running the same detector is idempotent while a run
 * with other parameters is kept beside it for comparison.
 */
export function detectorName(options: CycleOptions = {}): string {
  const p = resolveOptions(options);
  const gap = `min_gap=${formatMs(p.minGapMs)}`;
  const dur = `min_duration=${formatMs(p.minDurationMs)}`;
  if (p.mode === 'fixed') return `fixed(threshold=${p.threshold}, ${gap}, ${dur})`;
  const warm = p.warmupMs === AUTO_DEFAULTS.warmupMs ? '' : `, warmup=${formatMs(p.warmupMs)}`;
  return `auto(${gap}, ${dur}${warm})`;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
