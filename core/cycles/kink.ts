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
  /** Row-major inverse of XᵀX for [1, a, b], one per fraction. */
  inverses: Float64Array[];
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
  d = { inverses, n: 2 * f + 1, sumO2: (f * (f + 1) * (2 * f + 1)) / 3 };
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
  /** `y[k]` is the (filtered) sample at absolute index `origin + k`. */
  y: Float64Array;
  origin: number;
  /** Candidate corner samples, absolute, inclusive; the window must fit inside y. */
  from: number;
  to: number;
  halfWidth: number;
  /** +1: both slopes must be ≥ −tolerance (a rising edge); −1: both ≤ +tolerance (a falling edge). */
  direction: 1 | -1;
  tolerance: number;
  minStrength: number;
}

/** The strongest admissible corner, or null when none explains more than `minStrength`. */
export function strongestKink(s: KinkSearch, prefix: Float64Array, prefixI: Float64Array): Kink | null {
  const { y, origin, halfWidth: f, direction, tolerance, minStrength } = s;
  const from = Math.max(s.from, origin + f);
  const to = Math.min(s.to, origin + y.length - 1 - f);
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
  const { inverses, n, sumO2 } = design(f);
  let best: Kink | null = null;
  for (let k = from; k <= to; k++) {
    const r = k - origin - lo; // relative index of the candidate corner sample
    const l0 = prefix[r + 1]! - prefix[r - f]!;
    const l1 = prefixI[r + 1]! - prefixI[r - f]! - r * l0;
    const r0 = prefix[r + f + 1]! - prefix[r + 1]!;
    const r1 = prefixI[r + f + 1]! - prefixI[r + 1]! - r * r0;
    const sy = l0 + r0;
    const so = l1 + r1;
    const line = (sy * sy) / n + (so * so) / sumO2;
    for (let q = 0; q < FRACTIONS.length; q++) {
      const u = FRACTIONS[q]!;
      const inv = inverses[q]!;
      const g1 = l1 - u * l0;
      const g2 = r1 - u * r0;
      const c = inv[0]! * sy + inv[1]! * g1 + inv[2]! * g2;
      const s1 = inv[3]! * sy + inv[4]! * g1 + inv[5]! * g2;
      const s2 = inv[6]! * sy + inv[7]! * g1 + inv[8]! * g2;
      if (direction * s1 < -tolerance || direction * s2 < -tolerance) continue;
      const strength = c * sy + s1 * g1 + s2 * g2 - line;
      if (strength > minStrength && (best === null || strength > best.strength)) {
        best = { at: k + u, concave: s2 < s1, strength };
      }
    }
  }
  return best;
}
