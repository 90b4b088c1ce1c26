/**
 * Streaming anomaly score per reading, without labels, in one pass and O(1) memory — usable live
 * (one `push` per reading) and offline (`scoreSeries`).
 *
 * Method — three stages, after Numenta's NAB detectors (Ahmad et al., "Unsupervised real-time
 * anomaly detection for streaming data", Neurocomputing 2017):
 *  1. Prediction error. Three Holt forecasters (level + trend exponential smoothing: slow, medium,
 *     fast) predict each reading; the one whose recent mean absolute error is lowest is trusted —
 *     slow smoothing for noisy flat signals, fast for smooth cycles and ramps, chosen from past
 *     errors only. The raw score is its absolute error in units of that mean absolute deviation
 *     (≈ a robust z-score). Each forecaster learns from the reading clipped to ±4 deviations
 *     (Huber-style), so an outlier does not drag the baseline, while a lasting level shift is
 *     absorbed within a few dozen readings.
 *  2. Anomaly likelihood. The raw score alone fires on every noisy reading. Instead the mean of
 *     the last 10 raw scores is compared with the long-run distribution of raw scores (EW mean and
 *     variance, horizon ~2,000 readings): p = 1 − Φ((short − μ) / σ), the Gaussian probability
 *     that the recent errors are the usual ones. This catches sustained changes (bursts, drifts,
 *     changed noise) that no single reading reveals.
 *  3. Point tail. Averaging dilutes a lone spike, so the single reading's error is also turned into
 *     a two-sided Gaussian tail probability, taking the mean absolute deviation as σ·√(2/π) (true
 *     for Gaussian errors): p = 2·(1 − Φ(raw·√(2/π))).
 * The score is the smaller tail probability of stages 2 and 3 on NAB's log scale,
 * log(p) / log(1e-10) clipped to [0, 1], so 0.5 ⇔ p = 1e-5 and 1 ⇔ p ≤ 1e-10. The first `warmup`
 * readings score 0 (NAB's probationary idea): the statistics are not formed yet.
 */
export interface DetectorOptions {
  /** Holt (level, trend) smoothing weights of the competing forecasters. */
  smoothing?: readonly (readonly [number, number])[];
  /** EWMA weight of each forecaster's mean absolute deviation (default 0.02). */
  scaleAlpha?: number;
  /** Readings averaged for the short-term error (default 10). */
  shortWindow?: number;
  /** Horizon of the long-run error statistics, readings (default 2,000). */
  longWindow?: number;
  /** Readings before any score is given (default 150). */
  warmup?: number;
}

export const DEFAULT_SMOOTHING: readonly (readonly [number, number])[] = [
  [0.03, 0.005],
  [0.15, 0.03],
  [0.5, 0.1],
];

const LOG_EPS = Math.log(1e-10);
const SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);

/** NAB's log scaling of a tail probability p to [0, 1]. */
function logScale(p: number): number {
  return Math.min(1, Math.max(0, Math.log(Math.max(1e-10, p)) / LOG_EPS));
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Holt's linear exponential smoothing with its own running mean absolute error. */
class Holt {
  level = 0;
  trend = 0;
  /** EW mean absolute forecast error. */
  mad = 0;

  constructor(
    private readonly alpha: number,
    private readonly beta: number,
  ) {}

  forecast(): number {
    return this.level + this.trend;
  }

  learn(x: number, n: number, floor: number, b: number): void {
    const f = this.forecast();
    const scale = Math.max(this.mad, floor);
    const clipped = n < 20 ? x : Math.min(f + 4 * scale, Math.max(f - 4 * scale, x));
    this.mad += b * (Math.abs(clipped - f) - this.mad);
    const previous = this.level;
    this.level = f + Math.max(this.alpha, 1 / (n + 1)) * (clipped - f);
    this.trend += this.beta * (this.level - previous - this.trend);
  }
}

export class StreamingDetector {
  private readonly models: Holt[];
  private readonly b: number;
  private readonly k: number;
  private readonly longAlpha: number;
  private readonly warmup: number;
  private n = 0;
  private previous = NaN;
  /** Smallest non-zero step seen between consecutive readings: the sensor's resolution. */
  private quantum = Infinity;
  private readonly recent: Float64Array;
  private recentSum = 0;
  private errMean = 0;
  private errVar = 0;

  constructor(options: DetectorOptions = {}) {
    this.models = (options.smoothing ?? DEFAULT_SMOOTHING).map(([a, b]) => new Holt(a, b));
    this.b = options.scaleAlpha ?? 0.02;
    this.k = options.shortWindow ?? 10;
    this.longAlpha = 1 / (options.longWindow ?? 2000);
    this.warmup = options.warmup ?? 150;
    this.recent = new Float64Array(this.k);
  }

  /** Scores one reading (NaN readings score 0 and leave the state alone). */
  push(x: number): number {
    if (!Number.isFinite(x)) return 0;
    const n = this.n++;
    if (n === 0) {
      for (const m of this.models) m.level = x;
      this.previous = x;
      return 0;
    }
    let best = this.models[0]!;
    for (const m of this.models) if (m.mad < best.mad) best = m;
    // Scale floor: on a flat-lined or coarsely quantised series, one step of the sensor's resolution
    // is never more than one deviation, and a perfectly flat one cannot divide by zero.
    const floor = Math.max(1e-9 + 1e-6 * Math.abs(best.level), Number.isFinite(this.quantum) ? this.quantum : 0);
    const raw = Math.min(Math.abs(x - best.forecast()) / Math.max(best.mad, floor), 1e3);
    // The resolution is learned after scoring: a flat line's first step is judged by the past.
    const step = Math.abs(x - this.previous);
    if (step > 0 && step < this.quantum) this.quantum = step;
    this.previous = x;
    // Early readings learn faster (1/n) so the state is sensible before the warm-up ends.
    const b = Math.max(this.b, 1 / n);
    for (const m of this.models) m.learn(x, n, floor, b);

    const slot = n % this.k;
    this.recentSum += raw - this.recent[slot]!;
    this.recent[slot] = raw;
    const short = this.recentSum / Math.min(n, this.k);
    const la = Math.max(this.longAlpha, 1 / n);
    const d = raw - this.errMean;
    this.errMean += la * d;
    this.errVar = (1 - la) * (this.errVar + la * d * d);
    if (n < this.warmup) return 0;
    // Floor of half a deviation unit: on a flat stretch the errors are ~0 with ~0 spread, and a
    // one-resolution-step level change must not look like a sustained anomaly.
    const sd = Math.max(Math.sqrt(this.errVar), 0.5);
    const sustained = 1 - normalCdf((short - this.errMean) / sd);
    const point = 2 * (1 - normalCdf(raw * SQRT_TWO_OVER_PI));
    return logScale(Math.min(sustained, point));
  }
}

export function scoreSeries(values: Float64Array, options?: DetectorOptions): Float64Array {
  const detector = new StreamingDetector(options);
  return Float64Array.from(values, (v) => detector.push(v));
}
