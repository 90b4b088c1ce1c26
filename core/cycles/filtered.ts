/** What `Filtered.seek` stops at: a value at or above, below, or at or below its level. */
export const AT_LEAST = 0;
export const BELOW = 1;
export const AT_MOST = 2;

/**
 * The signal around one edge of a cycle seen through a median of three neighbours: single-sample
 * spikes and dips vanish, edges and corners stay. Values are computed once, on first use, into a
 * window that grows as the edge's walks and fits reach further, so every sample is filtered once
 * however many times the refinement and the metrics look at it. One instance per edge is reused
 * from cycle to cycle: nothing is allocated per cycle once the window has its size.
 */
export class Filtered {
  /** data[i - from] holds the filtered sample i, for i in [from, to]. */
  data = new Float64Array(256);
  from = 0;
  to = -1;
  private v: Float64Array = new Float64Array(0);
  private base = 0;
  private lo = 0;
  private hi = -1;
  /** The three values of the median's window, indexed by comparison bits. */
  private readonly pick = new Float64Array(3);

  /** Starts a new edge: samples v[i - base], clamped to [lo, hi] (neighbours past the ends repeat them). */
  reset(v: Float64Array, base: number, lo: number, hi: number): void {
    this.v = v;
    this.base = base;
    this.lo = lo;
    this.hi = hi;
    this.from = 0;
    this.to = -1;
  }

  at(i: number): number {
    if (i < this.from || i > this.to) this.cover(i, i);
    return this.data[i - this.from]!;
  }

  /**
   * Walks from `i` by `step` up to `stop` (inclusive; both within the clamp range) and returns the
   * first index whose value meets `until` against `level`, else stop + step. The refinement's and
   * the rise/fall times' walks: a plain loop over the window, extended as it runs out, instead of
   * a range-checked `at` per sample.
   */
  seek(i: number, stop: number, step: 1 | -1, level: number, until: number): number {
    while ((stop - i) * step >= 0) {
      this.cover(i, i);
      const data = this.data;
      const o = this.from;
      const end = (step > 0 ? Math.min(stop, this.to) : Math.max(stop, this.from)) + step;
      if (until === AT_LEAST) {
        for (; i !== end; i += step) if (data[i - o]! >= level) return i;
      } else if (until === BELOW) {
        for (; i !== end; i += step) if (data[i - o]! < level) return i;
      } else {
        for (; i !== end; i += step) if (data[i - o]! <= level) return i;
      }
    }
    return i;
  }

  /** Makes [a, b] available in `data`; both must lie within the clamp range. */
  cover(a: number, b: number): void {
    if (a >= this.from && b <= this.to) return;
    // Grow by at least the current size each time: amortised O(1) per sample.
    const empty = this.to < this.from;
    const pad = Math.max(32, this.to - this.from + 1);
    const from = empty || a < this.from ? Math.max(this.lo, a - pad) : this.from;
    const to = empty || b > this.to ? Math.min(this.hi, b + pad) : this.to;
    const n = to - from + 1;
    const data = this.data.length >= n ? this.data : new Float64Array(2 * n);
    if (!empty && data === this.data) {
      // Keep what is computed: move it to its new place, then fill both sides.
      data.copyWithin(this.from - from, 0, this.to - this.from + 1);
      this.fill(data, from, from, this.from - 1);
      this.fill(data, from, this.to + 1, to);
    } else {
      this.fill(data, from, from, to);
    }
    this.data = data;
    this.from = from;
    this.to = to;
  }

  private fill(data: Float64Array, origin: number, a: number, b: number): void {
    if (b < a) return;
    const { v, base, lo, hi } = this;
    // A sliding window of three: one load per sample. The clamp range's ends repeat themselves.
    let x = v[(a > lo ? a - 1 : lo) - base]!;
    let y = v[a - base]!;
    const pick = this.pick;
    for (let i = a; i <= b; i++) {
      const z = v[(i < hi ? i + 1 : hi) - base]!;
      // Branch-free: noisy samples would mispredict every comparison, and V8 compiles Math.min
      // and Math.max to branches. The comparisons become bits that index the median: y when it
      // lies between x and z, else whichever of x and z is nearer it (z when x, z lie on the
      // same side of y in the same order as y, else x). Ties pick an equal value.
      const xy = +(x < y);
      const yz = +(y < z);
      const xz = +(x < z);
      pick[0] = x;
      pick[1] = y;
      pick[2] = z;
      data[i - origin] = pick[(xy ^ yz ^ 1) | ((xy ^ yz) & (xy ^ xz ^ 1)) << 1]!;
      x = y;
      y = z;
    }
  }
}
