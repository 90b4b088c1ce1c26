/**
 * Streaming anomaly score per reading, without labels, in one pass and O(1) memory — usable live
 * (one `push` per reading) and offline (`scoreSeries`).
 *
 * Method — three stages, after Numenta's NAB detectors (Ahmad et al., "Unsupervised real-time
 * anomaly detection for streaming data", Neurocomputing 2017):
 *  1. Prediction error. Holt's linear exponential smoothing (level + trend, so slow cycles and
 *     ramps are followed without lag) forecasts the next value; the raw score is the absolute
 *     forecast error in units of the EW mean absolute deviation (≈ a robust z-score). The forecast
 *     state is updated with the value clipped to ±4 deviations (Huber-style), so an outlier does
 *     not drag the baseline, while a lasting level shift is absorbed within a few dozen readings.
 *  2. Anomaly likelihood. The raw score alone fires on every noisy reading. Instead the mean of
 *     the last 10 raw scores is compared with the long-run distribution of raw scores (EW mean and
 *     variance, horizon ~2,000 readings): L = Φ((short − μ) / σ), the Gaussian probability that
 *     the recent errors are not just the usual ones. This catches sustained changes (bursts,
 *     drifts, changed noise) that no single reading reveals.
 *  3. Point tail. Averaging dilutes a lone spike, so the single reading's error is also turned into
 *     a two-sided Gaussian tail probability, treating the EW mean absolute deviation as
 *     σ·√(2/π): p = 2·(1 − Φ(raw·√(π/2))).
 * The score is the larger of stages 2 and 3, each tail probability mapped by NAB's log scaling, log(1 − L) / log(1e-10)
 * clipped to [0, 1], so 0.5 ⇔ a tail probability of 1e-5 and 1 ⇔ 1e-10.
 * The first `warmup` readings score 0 (NAB's probationary idea): the statistics are not formed yet.
 */
export interface DetectorOptions {
  /** Holt smoothing weights of the level and the trend of the forecast (defaults 0.05, 0.01: slow, so the forecast carries little of the noise). */
  levelAlpha?: number;
  trendBeta?: number;
  /** EWMA weight of the deviation scale (default 0.02). */
  scaleAlpha?: number;
  /** Readings averaged for the short-term error (default 10). */
  shortWindow?: number;
  /** Horizon of the long-run error statistics, readings (default 2,000). */
  longWindow?: number;
  /** Readings before any score is given (default 150). */
  warmup?: number;
}

const LOG_EPS = Math.log(1e-10);
const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);

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

export class StreamingDetector {
  private readonly a: number;
  private readonly beta: number;
  private trend = 0;
  private readonly b: number;
  private readonly k: number;
  private readonly longAlpha: number;
  private readonly warmup: number;
  private n = 0;
  private level = 0;
  private scale = 0;
  private readonly recent: Float64Array;
  private recentSum = 0;
  private errMean = 0;
  private errVar = 0;

  constructor(options: DetectorOptions = {}) {
    this.a = options.levelAlpha ?? 0.05;
    this.beta = options.trendBeta ?? 0.01;
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
      this.level = x;
      return 0;
    }
    // Scale floor: a flat-lined series must not turn the first tiny wiggle into an infinite z.
    const floor = 1e-9 + 1e-6 * Math.abs(this.level);
    const scale = Math.max(this.scale, floor);
    const forecast = this.level + this.trend;
    const raw = Math.min(Math.abs(x - forecast) / scale, 1e3);
    // Early readings learn faster (1/n) so the state is sensible before the warm-up ends.
    const b = Math.max(this.b, 1 / n);
    const clipped = n < 20 ? x : Math.min(forecast + 4 * scale, Math.max(forecast - 4 * scale, x));
    this.scale += b * (Math.abs(clipped - forecast) - this.scale);
    const previous = this.level;
    this.level = forecast + Math.max(this.a, 1 / (n + 1)) * (clipped - forecast);
    this.trend += this.beta * (this.level - previous - this.trend);

    const slot = n % this.k;
    this.recentSum += raw - this.recent[slot]!;
    this.recent[slot] = raw;
    const short = this.recentSum / Math.min(n, this.k);
    const la = Math.max(this.longAlpha, 1 / n);
    const d = raw - this.errMean;
    this.errMean += la * d;
    this.errVar = (1 - la) * (this.errVar + la * d * d);
    if (n < this.warmup) return 0;
    const sd = Math.max(Math.sqrt(this.errVar), 1e-3 + 0.05 * this.errMean);
    const sustained = 1 - normalCdf((short - this.errMean) / sd);
    const point = 2 * (1 - normalCdf(raw * SQRT_HALF_PI));
    return logScale(Math.min(sustained, point));
  }
}

export function scoreSeries(values: Float64Array, options?: DetectorOptions): Float64Array {
  const detector = new StreamingDetector(options);
  return Float64Array.from(values, (v) => detector.push(v));
}
