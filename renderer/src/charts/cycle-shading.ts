/** Cycle spans as columnar arrays (epoch ms), ordered by start, with an abnormal flag each. */
export interface CycleSpans {
  start: Float64Array;
  end: Float64Array;
  abnormal: Uint8Array;
}

export function toSpans(cycles: readonly { start: number; end: number }[], abnormal: ReadonlySet<number>): CycleSpans {
  const n = cycles.length;
  const spans: CycleSpans = { start: new Float64Array(n), end: new Float64Array(n), abnormal: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    spans.start[i] = cycles[i]!.start;
    spans.end[i] = cycles[i]!.end;
    spans.abnormal[i] = abnormal.has(i) ? 1 : 0;
  }
  return spans;
}

/** Pixel rectangles to fill: [x0, x1, x0, x1, …] for normal and for abnormal cycles. */
export interface ShadeRects {
  normal: number[];
  abnormal: number[];
}

/**
 * The rectangles that shade cycles in the visible x range [from, to] (ms) drawn `width` px wide.
 * Only visible cycles are visited (binary search on start), every rectangle is at least `minPx`
 * wide, and rectangles of the same kind that touch within a pixel are merged: thousands of cycles
 * zoomed out become a few hundred fills, so a redraw stays cheap however many cycles there are.
 */
export function shadeRects(spans: CycleSpans, from: number, to: number, width: number, minPx = 1): ShadeRects {
  const out: ShadeRects = { normal: [], abnormal: [] };
  if (!(to > from) || width <= 0) return out;
  const scale = width / (to - from);
  // Cycles do not overlap, so ends are ordered like starts: the first visible one ends at or after `from`.
  let lo = 0;
  let hi = spans.end.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans.end[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < spans.start.length && spans.start[i]! <= to; i++) {
    const x0 = Math.max(0, (spans.start[i]! - from) * scale);
    const x1 = Math.min(width, Math.max(x0 + minPx, (spans.end[i]! - from) * scale));
    const list = spans.abnormal[i] ? out.abnormal : out.normal;
    const last = list.length - 1;
    if (last > 0 && x0 - list[last]! <= 1) list[last] = Math.max(list[last]!, x1);
    else list.push(x0, x1);
  }
  return out;
}
