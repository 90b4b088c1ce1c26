/**
 * Exact medians over typed arrays without sorting: a cycle's median costs O(n) instead of
 * O(n log n), which matters when every sample of a 100 M-sample series is in a cycle. Buffers are
 * reused and passed with explicit lengths, so the hot path allocates nothing.
 */

/** Grow-only scratch space. */
export class Scratch {
  private data = new Float64Array(1024);

  /** The buffer, with room for at least `n` elements; its content is garbage. */
  take(n: number): Float64Array {
    if (this.data.length < n) this.data = new Float64Array(Math.max(n, this.data.length * 2));
    return this.data;
  }
}

/** Median of values[from..to) (mean of the two middle values for an even count); NaN when empty. For short ranges. */
export function medianOf(values: Float64Array, from: number, to: number, scratch: Scratch): number {
  const n = to - from;
  if (n <= 0) return NaN;
  const a = scratch.take(n);
  for (let i = 0; i < n; i++) a[i] = values[from + i]!;
  return middle(a, n, (n - 1) >> 1, n >> 1);
}

/** Below this many values the band is everything: a subsample would be no cheaper. */
const MIN_BANDED = 128;

/**
 * Exact median of a long run of values, computed alongside the caller's own pass over them.
 * Selection on random data is bound by branch mispredictions, so it runs on as few values as
 * possible: `prepare` picks a band of values that should hold the middle ranks from a strided
 * subsample of about 64 values (its order statistics a few standard errors either side of its
 * median); the caller's pass keeps, branch-free, the values in the band and counts those below
 * it; `median` selects among the kept ones. When the middle ranks fall outside the band (rare),
 * it selects among all values instead: a bad band costs speed, never exactness.
 */
export class BandMedian {
  /** The band, inclusive: the caller keeps lo <= x <= hi and counts x < lo. */
  lo = -Infinity;
  hi = Infinity;
  /** The caller writes every value to buffer[kept] and advances only for kept ones (one spare slot). */
  buffer = new Float64Array(256);
  private readonly sample = new Scratch();

  /** Chooses the band for values[from..to] (inclusive). */
  prepare(values: Float64Array, from: number, to: number): void {
    const n = to - from + 1;
    if (this.buffer.length <= n) this.buffer = new Float64Array(2 * n + 1);
    this.lo = -Infinity;
    this.hi = Infinity;
    if (n < MIN_BANDED) return;
    const stride = n >> 6;
    const m = Math.floor((n - 1) / stride) + 1;
    const a = this.sample.take(m);
    for (let k = 0; k < m; k++) a[k] = values[from + k * stride]!;
    // The count of subsample values below the true median is Binomial(m, 1/2): ±2 standard
    // deviations (√m / 2 each) around the middle rank miss it a few times in a hundred runs, a
    // fair trade against selecting among more kept values every time.
    const reach = Math.ceil(Math.sqrt(m)) + 1;
    const high = Math.min(m - 1, (m >> 1) + reach);
    const low = Math.max(0, ((m - 1) >> 1) - reach);
    this.hi = selectInPlace(a, m, high);
    this.lo = selectInPlace(a, high, low);
  }

  /**
   * Median of values[from..to] (inclusive) after the caller's pass kept `kept` values in the band
   * (into `buffer`) and counted `below` ones below it.
   */
  median(values: Float64Array, from: number, to: number, kept: number, below: number): number {
    const n = to - from + 1;
    const lowRank = (n - 1) >> 1;
    const highRank = n >> 1;
    if (lowRank >= below && highRank < below + kept) return middle(this.buffer, kept, lowRank - below, highRank - below);
    const a = this.buffer;
    for (let i = 0; i < n; i++) a[i] = values[from + i]!;
    return middle(a, n, lowRank, highRank);
  }

  /** The whole procedure over values[from..to) in its own pass (tests, short runs). */
  of(values: Float64Array, from: number, to: number): number {
    if (to <= from) return NaN;
    this.prepare(values, from, to - 1);
    const { lo, hi, buffer } = this;
    let kept = 0;
    let below = 0;
    for (let i = from; i < to; i++) {
      const x = values[i]!;
      buffer[kept] = x;
      kept += +(x >= lo) & +(x <= hi);
      below += +(x < lo);
    }
    return this.median(values, from, to - 1, kept, below);
  }
}

/** Mean of the two given ranks among a[0..n) (the same rank twice for an odd count). */
function middle(a: Float64Array, n: number, lowRank: number, highRank: number): number {
  const upper = selectInPlace(a, n, highRank);
  if (lowRank === highRank) return upper;
  // After selection everything left of highRank is <= a[highRank]: the lower middle is their maximum.
  let lower = a[0]!;
  for (let i = 1; i < highRank; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}

/**
 * Rearranges a[0..n) so that a[k] is the k-th smallest, smaller or equal values before it,
 * greater or equal after. Quickselect around a median-of-three pivot with a branch-free
 * partition: on noisy values every comparison is a coin toss, so each sample is swapped
 * unconditionally and the boundary advances by the comparison's bit instead of a branch. When
 * few values fell below the pivot, a second such sweep gathers those equal to it, so runs of
 * equal values (a floored idle level) cannot make it quadratic.
 */
export function selectInPlace(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi - lo >= 16) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    // [lo, less) < pivot, then [less, equal) == pivot, the rest > pivot.
    let less = lo;
    for (let i = lo; i <= hi; i++) {
      const x = a[i]!;
      a[i] = a[less]!;
      a[less] = x;
      less += +(x < pivot);
    }
    if (k < less) {
      hi = less - 1;
      continue;
    }
    // A fair split shrinks the range enough; the pivot and its equals stay in the upper part.
    if ((less - lo) * 8 > hi - lo) {
      lo = less;
      continue;
    }
    let equal = less;
    for (let i = less; i <= hi; i++) {
      const x = a[i]!;
      a[i] = a[equal]!;
      a[equal] = x;
      equal += +(x <= pivot);
    }
    if (k < equal) return pivot;
    lo = equal;
  }
  if (hi > lo) insertionSort(a, lo, hi);
  return a[k]!;
}

function insertionSort(a: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > x) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
