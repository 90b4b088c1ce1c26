import { AT_LEAST, AT_MOST, type Filtered } from './filtered';
import { KinkFit, strongestKink, type Kink, type KinkSearch } from './kink';
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

/**
 * The two edges of the cycle being finalized, median-of-three filtered over [low, limit]: the
 * refinement walks and fits them, the metrics then time the rise and fall on the same values.
 */
export interface Edges {
  rise: Filtered;
  fall: Filtered;
}

/** Reused arrays and objects for the edge fits (one set per detector): a search allocates nothing. */
export class EdgeScratch {
  readonly prefix = new Scratch();
  readonly prefixI = new Scratch();
  readonly fit = new KinkFit();
  readonly search: KinkSearch = {
    y: new Float64Array(0),
    length: 0,
    origin: 0,
    from: 0,
    to: 0,
    halfWidth: 0,
    direction: 1,
    tolerance: 0,
    lowLevel: 0,
    highLevel: 0,
    noise: 0,
    minStrength: 0,
  };
}

/**
 * Auto mode's boundaries. The hysteresis crossings only say roughly where an edge is (half-way up
 * a slow first-order rise, say); the load switches on where the signal leaves idle and off where
 * it leaves the loaded level, or, for a pulse with no plateau, where it lands back on idle. Both
 * are slope breaks: each edge is searched, from its 25 % and 75 % crossings widened by their
 * distance, for the strongest corner whose slopes go the edge's way. The rise keeps its
 * corner's later side (the first loaded sample), the fall its earlier side (the last one).
 *
 * Glitches near an edge must not capture it: the fall is taken after the last stretch at the
 * loaded level that lasted `sustainMs` (a glitch is shorter by definition), and both searches stop
 * where the signal climbs again by a quarter of the level spread (another excursion).
 */
export function refineEdges(ts: Float64Array, base: number, seg: RawSegment, levels: Levels, sustainMs: number, edges: Edges, scratch: EdgeScratch): Bounds {
  const { rawStart, rawEnd, low, limit } = seg;
  const spread = levels.load - levels.idle;
  const l25 = levels.idle + 0.25 * spread;
  const l75 = levels.idle + 0.75 * spread;
  const climb = 0.25 * spread;
  const r = edges.rise;

  const r25 = r.seek(rawStart - 1, Math.max(low, rawStart - MAX_EDGE_SAMPLES), -1, l25, AT_MOST) + 1;
  const r75 = r.seek(rawStart, Math.min(rawEnd - 1, rawStart + MAX_EDGE_SAMPLES - 1), 1, l75, AT_LEAST);
  // The corner lies before the 25 % crossing by half a 25→75 % span for a straight ramp, less for
  // a first-order or sine-like one (reachOf).
  const riseSpan = Math.max(1, r75 - r25);
  let riseLow = r25;
  for (let floor = Infinity; riseLow - 1 >= low && r25 - riseLow <= reachOf(riseSpan) + 6; riseLow--) {
    const x = r.at(riseLow - 1);
    if (x > floor + climb) break;
    if (x < floor) floor = x;
  }
  let start = r25;
  const rise = searchEdge(r, riseLow, limit, levels, scratch, r25 - reachOf(riseSpan), Math.max(r75, rawStart), riseSpan, 1);
  if (rise) start = rise.concave ? Math.ceil(rise.at) : Math.floor(rise.at) + 1;
  start = Math.min(rawStart, Math.max(low, start));

  const f = edges.fall;
  const f75 = lastSustained(ts, base, start, rawEnd, f, l75, sustainMs);
  // Down to the 25 % crossing, unless something climbs again first.
  let f25 = f75 + 1;
  let fallHigh = limit;
  for (let floor = Infinity; f25 < limit && f25 - f75 < MAX_EDGE_SAMPLES; f25++) {
    const x = f.at(f25);
    if (x > floor + climb) {
      fallHigh = --f25;
      break;
    }
    if (x < floor) floor = x;
    if (x < l25) break;
  }
  // Mirror image of the rise: the fall ends within a span after its 25 % crossing. Cut short by
  // another excursion, the fall's own span is unknown; the rise's stands in as its scale.
  const fallSpan = Math.max(1, f25 - f75, fallHigh < limit ? riseSpan : 0);
  let reach = f25;
  for (let floor = f.at(f25); reach + 1 <= fallHigh && reach - f25 <= reachOf(fallSpan) + 6; reach++) {
    const x = f.at(reach + 1);
    if (x > floor + climb) break;
    if (x < floor) floor = x;
  }
  let end = rawEnd;
  const fall = searchEdge(f, start, reach, levels, scratch, f75 - reachOf(fallSpan), f25 + reachOf(fallSpan), fallSpan, -1);
  if (fall) end = fall.concave ? Math.floor(fall.at) : Math.ceil(fall.at) - 1;
  end = Math.max(start, Math.min(limit, end));
  return { start, end };
}

/** How far beyond an edge's 25 % / 75 % crossings its corner may lie, for a 25→75 % span. */
function reachOf(span: number): number {
  return Math.ceil(0.5 * span) + 2;
}

/** End of the last run at or above `level` lasting `sustainMs` in [from, to]; else the last sample there at all. */
function lastSustained(ts: Float64Array, base: number, from: number, to: number, f: Filtered, level: number, sustainMs: number): number {
  let runEnd = -1;
  let anyAbove = -1;
  const stop = Math.max(from, to - MAX_EDGE_SAMPLES * 4 + 1);
  // Window by window (see Filtered.seek): a plain loop over the filtered values.
  for (let i = to; i >= stop; ) {
    f.cover(i, i);
    const data = f.data;
    const o = f.from;
    for (const last = Math.max(stop, o); i >= last; i--) {
      if (data[i - o]! < level) {
        runEnd = -1;
        continue;
      }
      if (anyAbove < 0) anyAbove = i;
      if (runEnd < 0) runEnd = i;
      if (ts[runEnd - base]! - ts[i - base]! >= sustainMs) return runEnd;
    }
  }
  return anyAbove >= 0 ? anyAbove : from;
}

/** Strongest corner with candidates in [from, to], every fit window within [low, limit]. */
function searchEdge(
  filtered: Filtered,
  low: number,
  limit: number,
  levels: Levels,
  scratch: EdgeScratch,
  from: number,
  to: number,
  span: number,
  direction: 1 | -1,
): Kink | null {
  // Half-width: a third of the edge, at least 4 samples so noise does not fake slopes, at most 6
  // so a curved (first-order) edge still looks straight next to its corner.
  const f = Math.min(6, Math.max(4, Math.round(span / 3)));
  const lo = Math.max(low, from - f);
  const hi = Math.min(limit, to + f);
  if (hi - lo < 2 * f) return null;
  filtered.cover(lo, hi);
  // The slope of an F-sample leg has a standard error of σ/√(F(F+1)(F+2)/12): a flat leg may
  // lean 3.5 of those, and a leg going the wrong way no more.
  const tolerance = (3.5 * levels.noise) / Math.sqrt((f * (f + 1) * (f + 2)) / 12);
  const spread = levels.load - levels.idle;
  const length = hi - lo + 1;
  const search = scratch.search;
  search.y = filtered.data;
  search.length = filtered.to - filtered.from + 1;
  search.origin = filtered.from;
  search.from = lo + f;
  search.to = hi - f;
  search.halfWidth = f;
  search.direction = direction;
  search.tolerance = tolerance;
  search.lowLevel = levels.idle + 0.25 * spread;
  search.highLevel = levels.idle + 0.75 * spread;
  search.noise = levels.noise;
  // Well above what noise alone explains at the best of some hundred candidates.
  search.minStrength = 9 * levels.noise * levels.noise;
  return strongestKink(search, scratch.prefix.take(length + 1), scratch.prefixI.take(length + 1), scratch.fit);
}
