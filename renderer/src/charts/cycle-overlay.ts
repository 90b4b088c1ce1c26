/** One cycle's points (epoch ms, values), e.g. an M4 polyline of its window. */
export interface CycleTrace {
  start: number;
  ts: readonly number[];
  values: readonly number[];
}

/** Cycles overlaid: a shared x axis (seconds since each cycle's start) and one y series per cycle. */
export interface Overlay {
  offsets: number[];
  series: (number | null)[][];
}

/**
 * Which cycles to overlay when there are more than `cap`: evenly spaced over the list, so the
 * overlay shows the whole run rather than its first minutes. Returns indices into the list.
 */
export function pickOverlay(count: number, cap: number): number[] {
  if (count <= cap) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: cap }, (_, i) => Math.floor((i * (count - 1)) / (cap - 1 || 1)));
}

/**
 * Aligns traces at their start and resamples each onto `points` common offsets by linear
 * interpolation (uPlot needs one x array); offsets past a cycle's last point are gaps (null).
 */
export function alignOverlay(traces: readonly CycleTrace[], points = 300): Overlay {
  let span = 0;
  for (const t of traces) if (t.ts.length) span = Math.max(span, t.ts[t.ts.length - 1]! - t.start);
  if (traces.length === 0 || span <= 0) return { offsets: [], series: traces.map(() => []) };
  const offsets = Array.from({ length: points }, (_, i) => (i * span) / (points - 1) / 1000);
  const series = traces.map((t) => {
    const ys: (number | null)[] = new Array<number | null>(points).fill(null);
    let j = 0;
    for (let i = 0; i < points; i++) {
      const at = t.start + offsets[i]! * 1000;
      while (j + 1 < t.ts.length && t.ts[j + 1]! < at) j++;
      if (j + 1 >= t.ts.length) {
        // Exactly on the last point still counts; beyond it the cycle is over.
        if (t.ts.length && Math.abs(t.ts[t.ts.length - 1]! - at) < 1e-6) ys[i] = t.values[t.ts.length - 1]!;
        continue;
      }
      const t0 = t.ts[j]!;
      const t1 = t.ts[j + 1]!;
      if (at < t0) continue;
      const f = t1 > t0 ? (at - t0) / (t1 - t0) : 0;
      ys[i] = t.values[j]! + f * (t.values[j + 1]! - t.values[j]!);
    }
    return ys;
  });
  return { offsets, series };
}

/**
 * The least-squares line of a metric over time, drawn from the summary's slope (per hour)
 * through the points' centroid (where every least-squares line passes). Null ys are skipped.
 */
export function trendLine(ts: readonly number[], ys: readonly (number | null)[], perHour: number): [number, number] | null {
  let n = 0;
  let st = 0;
  let sy = 0;
  for (let i = 0; i < ts.length; i++) {
    const y = ys[i];
    if (typeof y !== 'number' || !Number.isFinite(y)) continue;
    n++;
    st += ts[i]!;
    sy += y;
  }
  if (n === 0 || ts.length === 0) return null;
  const tMean = st / n;
  const yMean = sy / n;
  const at = (t: number) => yMean + ((t - tMean) / 3_600_000) * perHour;
  return [at(ts[0]!), at(ts[ts.length - 1]!)];
}
