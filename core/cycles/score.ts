import type { LabEvent } from '../model';

/** A cycle as an interval of sample times (epoch ms of its first and last sample). */
export interface Interval {
  start: number;
  end: number;
}

export interface Score {
  truth: number;
  detected: number;
  found: number;
  /** Detected cycles that match no true cycle. */
  falseCycles: number;
  foundPct: number;
  falsePct: number;
  /** Boundary errors of matched cycles, in samples. */
  maxStartError: number;
  maxEndError: number;
  meanAbsError: number;
  /** Share of matched cycles with both boundaries within `tolerance` samples. */
  withinTolerancePct: number;
  tolerance: number;
}

/**
 * Press ground truth: each `cycle` event's load phase. Its last loaded sample is one period
 * before `detail.end` (the first idle tick), which is what a detected cycle's end means.
 */
export function pressTruth(events: readonly LabEvent[], machine: string, periodMs: number): Interval[] {
  return events
    .filter((e) => e.machine === machine && e.kind === 'cycle')
    .map((e) => ({ start: e.onset, end: (e.detail!.end as number) - periodMs }));
}

/**
 * Matches detected cycles to true ones (one to one, by overlap, in time order) over [from, to]:
 * only cycles lying wholly inside count on either side, so cycles cut by the data's edges are
 * neither missed nor false.
 */
export function scoreCycles(truth: readonly Interval[], detected: readonly Interval[], periodMs: number, from: number, to: number, tolerance = 2): Score {
  const inside = (c: Interval) => c.start >= from && c.end <= to;
  const t = truth.filter(inside);
  const d = detected.filter(inside);
  let found = 0;
  let within = 0;
  let maxStart = 0;
  let maxEnd = 0;
  let sumAbs = 0;
  const used = new Uint8Array(d.length);
  let j = 0;
  for (const c of t) {
    while (j < d.length && d[j]!.end < c.start) j++;
    // The first unused detected cycle overlapping this true one.
    let k = j;
    while (k < d.length && d[k]!.start <= c.end && (used[k] || d[k]!.end < c.start)) k++;
    if (k >= d.length || d[k]!.start > c.end) continue;
    used[k] = 1;
    found++;
    const es = Math.abs(d[k]!.start - c.start) / periodMs;
    const ee = Math.abs(d[k]!.end - c.end) / periodMs;
    maxStart = Math.max(maxStart, es);
    maxEnd = Math.max(maxEnd, ee);
    sumAbs += es + ee;
    if (es <= tolerance + 1e-9 && ee <= tolerance + 1e-9) within++;
  }
  const falseCycles = d.length - found;
  return {
    truth: t.length,
    detected: d.length,
    found,
    falseCycles,
    foundPct: t.length ? (100 * found) / t.length : 100,
    falsePct: d.length ? (100 * falseCycles) / d.length : 0,
    maxStartError: maxStart,
    maxEndError: maxEnd,
    meanAbsError: found ? sumAbs / (2 * found) : 0,
    withinTolerancePct: found ? (100 * within) / found : 100,
    tolerance,
  };
}
