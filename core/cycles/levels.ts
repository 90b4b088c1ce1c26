import { medianOf, type Scratch } from './select';

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
 * sorted values, each level the median of its class, noise from first differences of samples
 * near idle (robust to the level changes themselves). Null when the data is not two-level.
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
  const noise = differenceNoise(values, from, to, idle + (load - idle) / 4, stride);
  if (!(load - idle > 0) || load - idle < MIN_SEPARATION * noise) return null;
  return { idle, load, noise: Math.max(noise, (load - idle) / 1000) };
}

/** σ from the median absolute first difference of consecutive samples below `ceiling`. */
function differenceNoise(values: Float64Array, from: number, to: number, ceiling: number, stride: number): number {
  const diffs: number[] = [];
  for (let i = from; i + 1 < to; i += stride) {
    const a = values[i]!;
    const b = values[i + 1]!;
    if (a < ceiling && b < ceiling) diffs.push(Math.abs(b - a));
  }
  if (diffs.length < 8) return 0;
  diffs.sort((x, y) => x - y);
  // median |N(0, 2σ²)| = 0.6745·√2·σ
  return diffs[diffs.length >> 1]! / (0.6745 * Math.SQRT2);
}

export function enterThreshold(l: Levels): number {
  return l.idle + ENTER_FRACTION * (l.load - l.idle);
}

export function leaveThreshold(l: Levels): number {
  return l.idle + LEAVE_FRACTION * (l.load - l.idle);
}

/** How fast the levels follow what each closed cycle shows: slow drift, not one odd cycle. */
const DRIFT_GAIN = 0.25;
/** Idle samples looked at before a cycle, and how far back to search for them. */
const IDLE_SAMPLES = 64;
const IDLE_SEARCH = 256;

/**
 * Follows slow drift of both levels. Called when a raw segment closes, with the samples at hand
 * then (never later ones), so batch and online runs update at the same point of the stream.
 */
export function trackDrift(
  levels: Levels,
  initialSpread: number,
  values: Float64Array,
  base: number,
  segment: { start: number; end: number; lowBound: number },
  scratch: Scratch,
): Levels {
  const on = enterThreshold(levels);
  const off = leaveThreshold(levels);
  let sum = 0;
  let count = 0;
  for (let i = segment.start - base; i <= segment.end - base; i++) {
    const v = values[i]!;
    if (v > on) {
      sum += v;
      count++;
    }
  }
  // The last idle samples before the segment, gathered backwards (once per cycle: a small array).
  const idle = new Float64Array(IDLE_SAMPLES);
  let k = 0;
  const stop = Math.max(segment.lowBound, segment.start - IDLE_SEARCH) - base;
  for (let i = segment.start - 1 - base; i >= stop && k < IDLE_SAMPLES; i--) if (values[i]! <= off) idle[k++] = values[i]!;
  const next = { ...levels };
  if (count > 0) next.load += DRIFT_GAIN * (sum / count - levels.load);
  if (k > 0) next.idle += DRIFT_GAIN * (medianOf(idle, 0, k, scratch) - levels.idle);
  const spread = next.load - next.idle;
  // A run of odd cycles must not collapse the levels into each other.
  if (!(spread >= 0.5 * initialSpread) || spread < MIN_SEPARATION * levels.noise) return levels;
  return next;
}
