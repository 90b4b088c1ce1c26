import type { M4Response } from '../../../core/api/contract';

/** Flattens M4 buckets into one time-ordered polyline (first, min, max, last of each bucket). */
export function m4Points(r: M4Response): { ts: number[]; values: number[] } {
  const ts: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < r.count.length; i++) {
    const picks: [number, number][] = [
      [r.firstTs[i]!, r.first[i]!],
      [r.minTs[i]!, r.min[i]!],
      [r.maxTs[i]!, r.max[i]!],
      [r.lastTs[i]!, r.last[i]!],
    ];
    picks.sort((a, b) => a[0] - b[0]);
    let previous = NaN;
    for (const [t, v] of picks) {
      if (t === previous) continue;
      previous = t;
      ts.push(t);
      values.push(v);
    }
  }
  return { ts, values };
}
