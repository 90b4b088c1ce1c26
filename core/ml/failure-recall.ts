/**
 * Failure-level evaluation of a failure-prediction model on its held-out windows: what an operator
 * sees. Window metrics count every window alike; here the unit is the failure. A held-out failure
 * at time f is *covered* when some held-out window of its machine ends in [f − horizon, f] (the
 * model had data from before it, within the horizon), and *caught ahead* when one of those windows
 * scored at or above the threshold. The lead time is how long before the failure the first such
 * alert came (from the window's end). False alarms are alerting windows with no failure of their
 * machine within the horizon after them, per machine-hour of held-out data.
 */
export interface FailureRecall {
  /** Held-out failures with at least one window before them within the horizon. */
  covered: number;
  /** Of those, failures an alert came ahead of. */
  caught: number;
  /** caught / covered (NaN when nothing is covered). */
  recall: number;
  /** Median seconds from the first alert's window end to the failure (NaN when nothing is caught). */
  medianLeadSeconds: number;
  /** Alerting windows followed by no failure within the horizon, per machine-hour held out. */
  falseAlarmsPerHour: number;
}

export interface HeldOutWindows {
  machineOf: Int32Array;
  start: Float64Array;
  end: Float64Array;
  score: Float64Array;
}

export function failureRecall(windows: HeldOutWindows, failuresOf: readonly (readonly number[])[], threshold: number, horizonMs: number): FailureRecall {
  const rowsOf = new Map<number, number[]>();
  windows.machineOf.forEach((m, i) => {
    const rows = rowsOf.get(m);
    if (rows) rows.push(i);
    else rowsOf.set(m, [i]);
  });
  let covered = 0;
  let caught = 0;
  let falseAlarms = 0;
  let heldOutMs = 0;
  const leads: number[] = [];
  for (const [machine, unsorted] of rowsOf) {
    const rows = Int32Array.from(unsorted).sort((a, b) => windows.end[a]! - windows.end[b]!);
    const ends = Float64Array.from(rows, (i) => windows.end[i]!);
    let from = Infinity;
    for (const i of rows) from = Math.min(from, windows.start[i]!);
    const to = ends[ends.length - 1]!;
    heldOutMs += to - from;
    const failures = Float64Array.from(failuresOf[machine] ?? []).sort();
    for (const f of failures) {
      if (f <= from) continue;
      // Windows ending in [f − horizon, f], in end order: the first alert among them is the earliest.
      let seen = false;
      for (let k = bisect(ends, (v) => v < f - horizonMs); k < ends.length && ends[k]! <= f; k++) {
        seen = true;
        if (windows.score[rows[k]!]! >= threshold) {
          caught++;
          leads.push((f - ends[k]!) / 1000);
          break;
        }
      }
      if (seen) covered++;
    }
    for (const i of rows) {
      if (windows.score[i]! < threshold) continue;
      const next = failures[bisect(failures, (v) => v <= windows.start[i]!)];
      if (next === undefined || next > windows.end[i]! + horizonMs) falseAlarms++;
    }
  }
  return {
    covered,
    caught,
    recall: covered === 0 ? NaN : caught / covered,
    medianLeadSeconds: median(leads),
    falseAlarmsPerHour: heldOutMs > 0 ? falseAlarms / (heldOutMs / 3_600_000) : 0,
  };
}

/** In an array where `before` holds for a prefix: the length of that prefix. */
function bisect(sorted: Float64Array, before: (value: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(sorted[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
