
/** The two levels auto mode works between, and the measurement noise (one standard deviation). */
export interface Levels {
  idle: number;
  load: number;
  noise: number;
}

/** Above this many samples the split runs on an evenly strided subsample (its cost is a sort). */
const SPLIT_SAMPLES = 65_536;
/** Each level must hold at least this share of the samples: a few spikes are not a load level. */
const MIN_SHARE = 0.01;
/** The levels must stand this many noise deviations apart to count as two levels at all. */
const MIN_SEPARATION = 8;
/** Upper (enter) and lower (leave) hysteresis thresholds, as fractions of idle → load. */
export const ENTER_FRACTION = 0.5;
export const LEAVE_FRACTION = 0.3;

/**
 * Two-level split of values[from..to): Otsu's threshold (maximum between-class variance) on the
 * sorted values, each level the median of its class, noise from second differences within each
 * class. Null when the data is not two-level.
 */
export function estimateLevels(values: Float64Array, from: number, to: number): Levels | null {
  const n = to - from;
  if (n < 16) return null;
  const stride = Math.ceil(n / SPLIT_SAMPLES);
  const m = Math.floor((n - 1) / stride) + 1;
  const sorted = new Float64Array(m);
  for (let k = 0; k < m; k++) sorted[k] = values[from + k * stride]!;
  sorted.sort();
  const prefix = new Float64Array(m + 1);
  for (let k = 0; k < m; k++) prefix[k + 1] = prefix[k]! + sorted[k]!;
  let best = -1;
  let split = 0;
  for (let j = 1; j < m; j++) {
    if (sorted[j] === sorted[j - 1]) continue; // a split must separate distinct values
    const mean0 = prefix[j]! / j;
    const mean1 = (prefix[m]! - prefix[j]!) / (m - j);
    const between = j * (m - j) * (mean1 - mean0) * (mean1 - mean0);
    if (between > best) {
      best = between;
      split = j;
    }
  }
  if (split < m * MIN_SHARE || m - split < m * MIN_SHARE) return null;
  const idle = sorted[split >> 1]!;
  const load = sorted[split + ((m - split) >> 1)]!;
  // Noise may differ between the levels (a floored idle has none): take the larger.
  const mid = (idle + load) / 2;
  const noise = Math.max(differenceNoise(values, from, to, -Infinity, mid, stride), differenceNoise(values, from, to, mid, Infinity, stride));
  if (!(load - idle > 0) || load - idle < MIN_SEPARATION * noise) return null;
  return { idle, load, noise: Math.max(noise, (load - idle) / 1000) };
}

/**
 * σ from the median absolute second difference of consecutive samples within (lo, hi]: second
 * differences cancel a ramp's slope, so edges and drift barely inflate it.
 */
function differenceNoise(values: Float64Array, from: number, to: number, lo: number, hi: number, stride: number): number {
  const diffs: number[] = [];
  for (let i = from + 1; i + 1 < to; i += stride) {
    const a = values[i - 1]!;
    const b = values[i]!;
    const c = values[i + 1]!;
    if (a > lo && a <= hi && b > lo && b <= hi && c > lo && c <= hi) diffs.push(Math.abs(a - 2 * b + c));
  }
  if (diffs.length < 8) return 0;
  diffs.sort((x, y) => x - y);
  // median |N(0, 6σ²)| = 0.6745·√6·σ
  return diffs[diffs.length >> 1]! / (0.6745 * Math.sqrt(6));
}

export function enterThreshold(l: Levels): number {
  return l.idle + ENTER_FRACTION * (l.load - l.idle);
}

export function leaveThreshold(l: Levels): number {
  return l.idle + LEAVE_FRACTION * (l.load - l.idle);
}

/** How fast the levels follow what each closed cycle shows: slow drift, not one odd cycle. */
const DRIFT_GAIN = 0.25;
/** Samples looked at on each level: the last loaded ones of a segment, the idle ones before it. */
const LOAD_SAMPLES = 256;
const IDLE_SAMPLES = 64;
const IDLE_SEARCH = 256;

/**
 * Follows slow drift of both levels. Called when a raw segment closes, with the samples at hand
 * then (never later ones), so batch and online runs update at the same point of the stream. It
 * looks only near the segment's edges (a few hundred samples at most), never along a whole long cycle.
 */
export function trackDrift(
  levels: Levels,
  initialSpread: number,
  values: Float64Array,
  base: number,
  segment: { start: number; end: number; lowBound: number },
): Levels {
  // The loaded level: the mean of the segment's last samples above the enter threshold. Only a
  // few of them belong to the fall, and nothing is cut off above, so it does not creep upwards
  // (a cut at the top quarter would, when the plateau sits near it). The idle level: the mean of
  // the last samples in the bottom quarter before the segment.
  const spread = levels.load - levels.idle;
  const on = levels.idle + ENTER_FRACTION * spread;
  const low = levels.idle + 0.25 * spread;
  let loadSum = 0;
  let loadCount = 0;
  for (let i = segment.end - base, stop = segment.start - base; i >= stop && loadCount < LOAD_SAMPLES; i--) {
    const x = values[i]!;
    if (x > on) {
      loadSum += x;
      loadCount++;
    }
  }
  let idleSum = 0;
  let idleCount = 0;
  const stop = Math.max(segment.lowBound, segment.start - IDLE_SEARCH) - base;
  for (let i = segment.start - 1 - base; i >= stop && idleCount < IDLE_SAMPLES; i--) {
    const x = values[i]!;
    if (x < low) {
      idleSum += x;
      idleCount++;
    }
  }
  const load = loadCount ? levels.load + DRIFT_GAIN * (loadSum / loadCount - levels.load) : levels.load;
  const idle = idleCount ? levels.idle + DRIFT_GAIN * (idleSum / idleCount - levels.idle) : levels.idle;
  // A run of odd cycles must not collapse the levels into each other.
  if (!(load - idle >= 0.5 * initialSpread) || load - idle < MIN_SEPARATION * levels.noise) return levels;
  return { idle, load, noise: levels.noise };
}
