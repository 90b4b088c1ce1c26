/**
 * Corner ("kink") location by a broken-stick fit: around a candidate corner τ the samples are fit
 * by y = c + s1·min(x, 0) + s2·max(x, 0), x = i − τ, and compared with a straight line over the
 * same 2F + 1 samples. The corner is where that two-slope fit beats the line the most. A load
 * switching on or off shows as such a slope break even when the level change itself is slow.
 *
 * τ is searched on a quarter-sample grid; each candidate costs O(1) from prefix sums, and the
 * normal equations are the same for every candidate, so their inverses are computed once.
 */

const FRACTIONS = [0, 0.25, 0.5, 0.75] as const;

interface Design {
  /** Row-major inverse of XᵀX for [1, a, b], one per fraction, concatenated. */
  flat: Float64Array;
  n: number;
  /** Σ o² over offsets −F..F (the straight line's slope term). */
  sumO2: number;
}

const designs = new Map<number, Design>();

function design(f: number): Design {
  let d = designs.get(f);
  if (d) return d;
  const inverses = FRACTIONS.map((u) => {
    let sa = 0;
    let saa = 0;
    let sb = 0;
    let sbb = 0;
    for (let o = -f; o <= f; o++) {
      const x = o - u;
      if (o <= 0) {
        sa += x;
        saa += x * x;
      } else {
        sb += x;
        sbb += x * x;
      }
    }
    return invert3([2 * f + 1, sa, sb, sa, saa, 0, sb, 0, sbb]);
  });
  const flat = new Float64Array(9 * inverses.length);
  inverses.forEach((m, q) => flat.set(m, 9 * q));
  d = { flat, n: 2 * f + 1, sumO2: (f * (f + 1) * (2 * f + 1)) / 3 };
  designs.set(f, d);
  return d;
}

function invert3(m: number[]): Float64Array {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return Float64Array.from([A, -(b * i - c * h), b * f - c * e, B, a * i - c * g, -(a * f - c * d), C, -(a * h - b * g), a * e - b * d].map((x) => x / det));
}

export interface Kink {
  /** Corner position as a fractional absolute sample index. */
  at: number;
  /** True when the slope decreases through the corner (the top of a rise, the start of a fall). */
  concave: boolean;
  /** Residual sum of squares the corner explains beyond a straight line. */
  strength: number;
}

export interface KinkSearch {
  /** `y[k]` is the (filtered) sample at absolute index `origin + k`, for k < `length`. */
  y: Float64Array;
  length: number;
  origin: number;
  /** Candidate corner samples, absolute, inclusive; the window must fit inside y. */
  from: number;
  to: number;
  halfWidth: number;
  /**
   * +1: both slopes must be ≥ −tolerance (a rising edge); −1: both ≤ +tolerance (a falling edge).
   * Either way one leg must be flat (within tolerance): at or below `lowLevel` for a corner onto
   * idle, at or above `highLevel` for one onto the loaded level.
   */
  direction: 1 | -1;
  tolerance: number;
  lowLevel: number;
  highLevel: number;
  /** Measurement noise (σ) of the samples. */
  noise: number;
  minStrength: number;
}

/**
 * The strongest admissible corner, or null when none explains more than `minStrength`. Two
 * passes keep it cheap: every whole-sample candidate, then the quarter steps next to the
 * winner. Candidates that cannot be a corner onto either level are skipped without a fit.
 */
export function strongestKink(s: KinkSearch, prefix: Float64Array, prefixI: Float64Array, fit: KinkFit): Kink | null {
  const { y, origin, halfWidth: f, lowLevel, highLevel } = s;
  const from = Math.max(s.from, origin + f);
  const to = Math.min(s.to, origin + s.length - 1 - f);
  if (to < from) return null;
  // Prefix sums of y and of (relative index)·y over the search window.
  const lo = from - f - origin;
  const hi = to + f - origin;
  prefix[0] = 0;
  prefixI[0] = 0;
  for (let k = lo; k <= hi; k++) {
    prefix[k - lo + 1] = prefix[k - lo]! + y[k]!;
    prefixI[k - lo + 1] = prefixI[k - lo]! + (k - lo) * y[k]!;
  }
  fit.reset(s, prefix, prefixI, origin + lo);
  const margin = 0.1 * (highLevel - lowLevel) + 4 * s.noise;
  let bestK = -1;
  let best = -Infinity;
  // Quick rejections before a fit: a window that does not move the edge's way by a few noise
  // deviations holds no corner of it (flat plateau, flat idle), nor does one whose halves both
  // move (the middle of the edge).
  const moves = 3 * s.noise;
  const still = 4 * s.noise;
  for (let k = from; k <= to; k++) {
    const x = y[k - origin]!;
    if (x > lowLevel + margin && x < highLevel - margin) continue;
    const left = x - y[k - origin - f]!;
    const right = y[k - origin + f]! - x;
    if (s.direction * (left + right) < moves) continue;
    if (Math.abs(left) > still && Math.abs(right) > still) continue;
    fit.at(k, 0);
    const strength = fit.strength;
    if (strength > best) {
      best = strength;
      bestK = k;
    }
  }
  if (bestK < 0) return null;
  let at = bestK;
  fit.at(bestK, 0); // leaves the winner's bend in fit.concave
  let concave = fit.concave;
  // The quarter steps within a sample either side of the whole-sample winner.
  for (let k = bestK - 1; k <= bestK; k++) {
    if (k < from || k > to) continue;
    for (let q = 1; q < FRACTIONS.length; q++) {
      fit.at(k, q);
      const strength = fit.strength;
      if (strength > best) {
        best = strength;
        at = k + FRACTIONS[q]!;
        concave = fit.concave;
      }
    }
  }
  return best > s.minStrength ? { at, concave, strength: best } : null;
}

/**
 * The broken-stick fit at one candidate corner, O(1) from the prefix sums. Everything it reads per
 * call is a number field of its own or one flat array (no nested lookups), so the call stays
 * small enough to be inlined into the search loop. One instance is reset for every search (its
 * caller keeps it): a search allocates nothing.
 */
export class KinkFit {
  /** Whether the last admissible fit bends downwards. */
  concave = false;
  /**
   * The last fit's strength, or −Infinity when it was no admissible boundary. A field rather than
   * a return value: a double returned from a call that is not inlined is boxed on the heap.
   */
  strength = -Infinity;
  private prefix: Float64Array = new Float64Array(0);
  private prefixI: Float64Array = new Float64Array(0);
  /** Absolute index of prefix position 0. */
  private origin = 0;
  private f = 0;
  private direction = 1;
  private tolerance = 0;
  private lowLevel = 0;
  private highLevel = 0;
  private n = 1;
  private sumO2 = 1;
  /** The design's four inverses, 9 entries each, row-major. */
  private inverses: Float64Array = new Float64Array(0);

  reset(s: KinkSearch, prefix: Float64Array, prefixI: Float64Array, origin: number): void {
    const d = design(s.halfWidth);
    this.prefix = prefix;
    this.prefixI = prefixI;
    this.origin = origin;
    this.f = s.halfWidth;
    this.direction = s.direction;
    this.tolerance = s.tolerance;
    this.lowLevel = s.lowLevel;
    this.highLevel = s.highLevel;
    this.n = d.n;
    this.sumO2 = d.sumO2;
    this.inverses = d.flat;
  }

  /** Fits the corner at k + FRACTIONS[q]: sets `strength` (and `concave` when admissible). */
  at(k: number, q: number): void {
    this.strength = -Infinity;
    const { prefix, prefixI, f, tolerance, inverses: inv } = this;
    const r = k - this.origin;
    const l0 = prefix[r + 1]! - prefix[r - f]!;
    const l1 = prefixI[r + 1]! - prefixI[r - f]! - r * l0;
    const r0 = prefix[r + f + 1]! - prefix[r + 1]!;
    const r1 = prefixI[r + f + 1]! - prefixI[r + 1]! - r * r0;
    const sy = l0 + r0;
    const so = l1 + r1;
    const u = q * 0.25; // FRACTIONS[q]
    const m = 9 * q;
    const g1 = l1 - u * l0;
    const g2 = r1 - u * r0;
    const c = inv[m]! * sy + inv[m + 1]! * g1 + inv[m + 2]! * g2;
    const s1 = inv[m + 3]! * sy + inv[m + 4]! * g1 + inv[m + 5]! * g2;
    const s2 = inv[m + 6]! * sy + inv[m + 7]! * g1 + inv[m + 8]! * g2;
    const direction = this.direction;
    if (direction * s1 < -tolerance || direction * s2 < -tolerance) return;
    // An edge starts or ends where one leg is flat: a bend within the edge (a sine's shoulder,
    // a wiggle of a slow decay) has both legs steep and is no boundary.
    if (Math.abs(s1) > tolerance && Math.abs(s2) > tolerance) return;
    // And the flat leg is at the level it belongs to: a corner onto the loaded level (concave,
    // on either edge) lies in the top quarter, one onto idle (convex) in the bottom quarter,
    // never half-way down a slow decay.
    const concave = s2 < s1;
    if (concave ? c < this.highLevel : c > this.lowLevel) return;
    this.concave = concave;
    this.strength = c * sy + s1 * g1 + s2 * g2 - ((sy * sy) / this.n + (so * so) / this.sumO2);
  }
}
