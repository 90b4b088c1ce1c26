import { bandEnergies, isVibrationLike, SPECTRAL_BANDS } from './spectral';

/** Statistics of every sensor in a window row, in this order (series.ts names them `sensor.stat`). */
export const WINDOW_STATS = ['mean', 'std', 'min', 'max', 'ptp', 'rms', 'skew', 'kurt', 'crest', 'slope'] as const;

/**
 * The series model's per-window statistics of one sensor (series.ts, in the order of
 * WINDOW_STATS), computed in JS over a window's readings for live scoring. Offline, DuckDB's
 * aggregates compute them (avg, stddev_pop, min, max, sqrt(avg(x²)), skewness, kurtosis,
 * max(abs), regr_slope against seconds); this follows DuckDB's definitions exactly — skewness and
 * kurtosis with its small-sample corrections, NULL → 0 where series.ts coalesces — and
 * window-stats.test.ts holds the two equal on the same readings. Two passes over the window
 * (mean first) keep the higher moments accurate on a large offset such as a 60 °C temperature.
 */
export const STATS_PER_SENSOR = WINDOW_STATS.length;

/** What one sensor contributes to a window row: its statistics, then band energies if it vibrates. */
export function sensorFeatures(sensor: string): string[] {
  const names: string[] = [...WINDOW_STATS];
  if (isVibrationLike(sensor)) names.push(...SPECTRAL_BANDS);
  return names.map((f) => `${sensor}.${f}`);
}

/** Writes `sensorFeatures(sensor)` of one window's readings [0, n) to out[offset…]. */
export function windowFeatures(sensor: string, ts: Float64Array, values: Float64Array, n: number, out: Float64Array, offset: number): void {
  windowStats(ts, values, n, out, offset);
  if (isVibrationLike(sensor)) bandEnergies(values, n, out, offset + STATS_PER_SENSOR);
}

export function windowStats(ts: Float64Array, values: Float64Array, n: number, out: Float64Array, offset: number): void {
  if (n === 0) {
    out.fill(NaN, offset, offset + STATS_PER_SENSOR);
    return;
  }
  let sum = 0;
  let sumT = 0;
  let min = Infinity;
  let max = -Infinity;
  let peak = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    sum += x;
    sumT += ts[i]! / 1000;
    if (x < min) min = x;
    if (x > max) max = x;
    if (Math.abs(x) > peak) peak = Math.abs(x);
  }
  const mean = sum / n;
  const meanT = sumT / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let sq = 0;
  let cov = 0;
  let varT = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    const d = x - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    sq += x * x;
    const dt = ts[i]! / 1000 - meanT;
    cov += dt * d;
    varT += dt * dt;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const rms = Math.sqrt(sq / n);
  // DuckDB: skewness NULL below 3 values, kurtosis below 4; both NULL (→ 0) on a constant window.
  const skew = n > 2 && m2 > 0 ? (Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / Math.pow(m2, 1.5)) : 0;
  const kurt = n > 3 && m2 > 0 ? ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * (m4 / (m2 * m2)) - 3 * (n - 1)) : 0;
  const slope = varT > 0 ? cov / varT : 0;
  const stats = [mean, Math.sqrt(m2), min, max, max - min, rms, skew, kurt, rms > 0 ? peak / rms : 0, slope];
  for (let k = 0; k < STATS_PER_SENSOR; k++) out[offset + k] = Number.isFinite(stats[k]!) ? stats[k]! : NaN;
}
