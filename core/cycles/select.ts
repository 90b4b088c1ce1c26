/**
 * Exact order statistics over typed arrays without sorting: a cycle's median costs O(n) expected
 * instead of O(n log n), which matters when every sample of a 100 M-sample series is in a cycle.
 */

/** Grow-only scratch space, so the hot path does not allocate per cycle. */
export class Scratch {
  private data = new Float64Array(1024);

  /** A view of at least `n` elements; its content is garbage. */
  take(n: number): Float64Array {
    if (this.data.length < n) this.data = new Float64Array(Math.max(n, this.data.length * 2));
    return this.data.subarray(0, n);
  }
}

/** Median of values[from..to) (mean of the two middle values for an even count); NaN when empty. */
export function medianOf(values: Float64Array, from: number, to: number, scratch: Scratch): number {
  const n = to - from;
  if (n <= 0) return NaN;
  if (n === 1) return values[from]!;
  const a = scratch.take(n);
  a.set(values.subarray(from, to));
  const mid = n >> 1;
  const upper = selectInPlace(a, mid);
  if (n & 1) return upper;
  // After selection everything left of `mid` is <= a[mid]: the lower middle is their maximum.
  let lower = a[0]!;
  for (let i = 1; i < mid; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}

/**
 * Rearranges `a` so that a[k] is the k-th smallest, smaller or equal values before it, greater or
 * equal after (Hoare partition around a median-of-three pivot; iterative, no recursion).
 */
export function selectInPlace(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
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
