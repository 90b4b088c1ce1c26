import { strongestKink, type Kink } from './kink';
import type { Levels } from './levels';
import { Scratch } from './select';

/** No edge (and no search around one) spans more samples than this; bounds look-back memory. */
export const MAX_EDGE_SAMPLES = 2048;

export interface RawSegment {
  /** First sample above the enter threshold, last above the leave threshold (absolute indices). */
  rawStart: number;
  rawEnd: number;
  /** Lowest and highest index the refinement may look at (previous segment / look-ahead limit). */
  low: number;
  limit: number;
}

export interface Bounds {
  start: number;
  end: number;
}

/** Median of three neighbours, clamped to [lo, hi]: single-sample spikes and dips vanish, edges stay. */
export function med3(v: Float64Array, base: number, i: number, lo: number, hi: number): number {
  const a = v[(i > lo ? i - 1 : lo) - base]!;
  const b = v[i - base]!;
  const c = v[(i < hi ? i + 1 : hi) - base]!;
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}

/**
 * Auto mode's boundaries. The hysteresis crossings only say roughly where an edge is (half-way up
 * a slow first-order rise, say); the load switches on where the signal leaves idle and off where
 * it leaves the loaded level, or, for a pulse with no plateau, where it lands back on idle. Both
 * are slope breaks: each edge is searched, between its 25 % and 75 % crossings widened by twice
 * their distance, for the strongest corner whose slopes go the edge's way. The rise keeps its
 * corner's later side (the first loaded sample), the fall its earlier side (the last one).
 */
export function refineEdges(v: Float64Array, base: number, seg: RawSegment, levels: Levels, scratch: EdgeScratch): Bounds {
  const { rawStart, rawEnd, low, limit } = seg;
  const spread = levels.load - levels.idle;
  const l25 = levels.idle + 0.25 * spread;
  const l50 = levels.idle + 0.5 * spread;
  const l75 = levels.idle + 0.75 * spread;
  const m = (i: number) => med3(v, base, i, low, limit);

  let r25 = rawStart;
  while (r25 - 1 >= low && rawStart - r25 < MAX_EDGE_SAMPLES && m(r25 - 1) > l25) r25--;
  let r75 = rawStart;
  while (r75 < rawEnd && r75 - rawStart < MAX_EDGE_SAMPLES && m(r75) < l75) r75++;
  const riseSpan = Math.max(1, r75 - r25);
  let start = r25;
  const rise = searchEdge(v, base, low, limit, levels, scratch, r25 - 2 * riseSpan - 2, Math.max(r75, rawStart), riseSpan, 1);
  if (rise) start = rise.concave ? Math.ceil(rise.at) : Math.floor(rise.at) + 1;
  start = Math.min(rawStart, Math.max(low, start));

  let f50 = rawEnd;
  while (f50 > start && rawEnd - f50 < MAX_EDGE_SAMPLES && m(f50) <= l50) f50--;
  let f75 = f50;
  while (f75 > start && f50 - f75 < MAX_EDGE_SAMPLES && m(f75) < l75) f75--;
  let f25 = f50 + 1;
  while (f25 < limit && f25 - f50 < MAX_EDGE_SAMPLES && m(f25) >= l25) f25++;
  const fallSpan = Math.max(1, f25 - f75);
  let end = rawEnd;
  const fall = searchEdge(v, base, start, limit, levels, scratch, f75 - 2 * fallSpan - 2, f25 + 2 * fallSpan + 2, fallSpan, -1);
  if (fall) end = fall.concave ? Math.floor(fall.at) : Math.ceil(fall.at) - 1;
  end = Math.max(start, Math.min(limit, end));
  return { start, end };
}

/** Reused arrays for the edge fits (one set per detector). */
export class EdgeScratch {
  readonly y = new Scratch();
  readonly prefix = new Scratch();
  readonly prefixI = new Scratch();
}

/** Strongest corner with candidates in [from, to] (clamped so every fit window lies in [low, limit]). */
function searchEdge(
  v: Float64Array,
  base: number,
  low: number,
  limit: number,
  levels: Levels,
  scratch: EdgeScratch,
  from: number,
  to: number,
  span: number,
  direction: 1 | -1,
): Kink | null {
  // Half-width: a third of the edge, at least 3 samples for the fit, at most 6 so a curved
  // (first-order) edge still looks straight next to its corner.
  const f = Math.min(6, Math.max(3, Math.round(span / 3)));
  const lo = Math.max(low, from - f);
  const hi = Math.min(limit, to + f);
  if (hi - lo < 2 * f) return null;
  const y = scratch.y.take(hi - lo + 1);
  for (let i = lo; i <= hi; i++) y[i - lo] = med3(v, base, i, low, limit);
  // Slope noise of an F-sample leg is about σ/√(Σx²): both legs may lean 3 of those the wrong way.
  const tolerance = (3 * levels.noise) / Math.sqrt((f * (f + 1) * (2 * f + 1)) / 6);
  return strongestKink(
    { y, origin: lo, from: lo + f, to: hi - f, halfWidth: f, direction, tolerance, minStrength: 16 * levels.noise * levels.noise },
    scratch.prefix.take(y.length + 1),
    scratch.prefixI.take(y.length + 1),
  );
}
