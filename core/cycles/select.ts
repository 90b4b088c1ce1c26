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

/** About four values per bin: the bins stay few to clear and scan. */
const VALUES_PER_BIN = 4;
const MAX_BINS = 4096;

/**
 * Exact median of a long run of values, computed alongside the caller's own two passes over them.
 * Selection on random data is bound by branch mispredictions, so it runs on as few values as
 * possible: during the first pass every value is counted into bins over a guessed range (values
 * outside land in the end bins: a bad guess costs speed, never exactness); `locate` finds the
 * bins holding the middle ranks; during the second pass only their values are kept, branch-free;
 * `median` selects among those. The counting and keeping are inlined by the caller (see
 * metrics.ts) from the public fields, which is what makes them nearly free there. Counters are
 * interleaved four ways so runs of equal values do not queue on one counter.
 */
export class BinnedMedian {
  counts = new Int32Array(0);
  /**
   * Values are counted in bin (x - lo) * scale clamped to [0, top], truncated. The clamp is done
   * on the double, before truncation, so no value can wrap around into a wrong bin.
   */
  lo = 0;
  scale = 0;
  top = 0;
  /** After `locate`: the kept bins are [first, first + span]; keep values into `buffer`. */
  first = 0;
  span = 0;
  buffer = new Float64Array(256);
  private n = 0;
  private below = 0;
  private kept = 0;

  prepare(n: number, lo: number, hi: number): void {
    const bins = Math.max(1, Math.min(MAX_BINS, Math.ceil(n / VALUES_PER_BIN)));
    if (this.counts.length < 4 * bins) this.counts = new Int32Array(Math.max(4 * bins, 2 * this.counts.length));
    this.counts.fill(0, 0, 4 * bins);
    this.n = n;
    this.lo = lo;
    this.top = bins - 1;
    this.scale = hi > lo ? this.top / (hi - lo) : 0;
  }

  locate(): void {
    const counts = this.counts;
    const lowRank = (this.n - 1) >> 1;
    const highRank = this.n >> 1;
    let below = 0;
    let bin = 0;
    let inBin = counts[0]! + counts[1]! + counts[2]! + counts[3]!;
    while (below + inBin <= lowRank) {
      below += inBin;
      bin++;
      inBin = counts[4 * bin]! + counts[4 * bin + 1]! + counts[4 * bin + 2]! + counts[4 * bin + 3]!;
    }
    this.first = bin;
    let through = below;
    while (through + inBin <= highRank) {
      through += inBin;
      bin++;
      inBin = counts[4 * bin]! + counts[4 * bin + 1]! + counts[4 * bin + 2]! + counts[4 * bin + 3]!;
    }
    this.span = bin - this.first;
    this.below = below;
    this.kept = through + inBin - below;
    // One spare slot: the branch-free keep writes every value before deciding to advance.
    if (this.buffer.length <= this.kept) this.buffer = new Float64Array(2 * this.kept + 1);
  }

  median(): number {
    return middle(this.buffer, this.kept, ((this.n - 1) >> 1) - this.below, (this.n >> 1) - this.below);
  }

  /** The whole procedure over values[from..to) in its own two passes (tests, short runs). */
  of(values: Float64Array, from: number, to: number, lo: number, hi: number): number {
    if (to <= from) return NaN;
    this.prepare(to - from, lo, hi);
    const { counts, top, scale } = this;
    for (let i = from; i < to; i++) {
      const f = (values[i]! - lo) * scale;
      counts[((f < 0 ? 0 : f > top ? top : f) << 2) | (i & 3)]!++;
    }
    this.locate();
    const { first, span, buffer } = this;
    let k = 0;
    for (let i = from; i < to; i++) {
      const x = values[i]!;
      const f = (x - lo) * scale;
      const d = ((f < 0 ? 0 : f > top ? top : f) | 0) - first;
      buffer[k] = x;
      k += 1 + ((d | (span - d)) >> 31);
    }
    return this.median();
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
 * greater or equal after (Hoare partition around a median-of-three pivot; iterative).
 */
export function selectInPlace(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    if (hi - lo < 16) {
      insertionSort(a, lo, hi);
      break;
    }
    const mid = (lo + hi) >>> 1;
    // Median of three moves the pivot to `mid` and sentinels to the ends.
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break; // j < k < i: a[k] equals the pivot
  }
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
