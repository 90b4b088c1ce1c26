/**
 * Trend features: how a window's statistics moved over the `lookbackMs` before it (same machine).
 * A developing fault is ambiguous in one window — the same vibration level may be ten minutes or an
 * hour from failure — but how fast it climbs tells the two apart. Feature `S.stat.change` is the
 * window's `S.stat` minus that of the machine's newest window starting at least `lookbackMs` earlier;
 * NaN when there is none (the forest routes missing values). Offline over a dataset's columns
 * (`trendColumns`) and live window by window (`TrendHistory`), by the same rule.
 */
export const TREND_STATS = ['mean', 'std', 'max'] as const;
/** Default lookback, in windows: long enough for a slow fault's climb to show. */
export const DEFAULT_TREND_WINDOWS = 20;

/** The lookback a series model uses: as asked (0: no trend features), else DEFAULT_TREND_WINDOWS windows. */
export function resolveTrendMs(windowMs: number, trendMs?: number): number {
  return trendMs ?? DEFAULT_TREND_WINDOWS * windowMs;
}
const SUFFIX = '.change';

/** Indices of the features that get a trend. */
function trended(names: readonly string[]): number[] {
  return names.flatMap((n, k) => (TREND_STATS.some((s) => n.endsWith(`.${s}`)) ? [k] : []));
}

export function trendFeatureNames(names: readonly string[]): string[] {
  return trended(names).map((k) => `${names[k]!}${SUFFIX}`);
}

/** The feature a trend feature is the change of (itself when it is not one). */
export function trendBase(feature: string): string {
  return feature.endsWith(SUFFIX) ? feature.slice(0, -SUFFIX.length) : feature;
}

/** Rows grouped by machine and time-ordered within it; one column per `trendFeatureNames(names)`. */
export function trendColumns(names: readonly string[], columns: readonly Float64Array[], machineOf: Int32Array, start: Float64Array, lookbackMs: number): Float64Array<ArrayBuffer>[] {
  const picked = trended(names);
  const out = picked.map(() => new Float64Array(start.length).fill(NaN));
  let back = 0;
  for (let i = 0; i < start.length; i++) {
    if (i === 0 || machineOf[i] !== machineOf[i - 1]) back = i;
    const before = start[i]! - lookbackMs;
    while (back < i && start[back + 1]! <= before) back++;
    if (start[back]! > before) continue;
    picked.forEach((k, j) => (out[j]![i] = columns[k]![i]! - columns[k]![back]!));
  }
  return out;
}

/** Live: each machine's recent windows, enough to reach `lookbackMs` back. */
export class TrendHistory {
  private readonly picked: number[];
  private readonly recent = new Map<string, { start: number; stats: Float64Array }[]>();

  constructor(
    names: readonly string[],
    private readonly lookbackMs: number,
  ) {
    this.picked = trended(names);
  }

  /** The trend features of a machine's next window (`stats` in the order of `names`), then remembers it. */
  next(machine: string, start: number, stats: Float64Array): Float64Array {
    const out = new Float64Array(this.picked.length).fill(NaN);
    const list = this.recent.get(machine) ?? [];
    const before = start - this.lookbackMs;
    // Oldest first: drop the windows a newer one at or before the reference time makes useless.
    while (list.length > 1 && list[1]!.start <= before) list.shift();
    const back = list[0];
    if (back && back.start <= before) this.picked.forEach((k, j) => (out[j] = stats[k]! - back.stats[k]!));
    list.push({ start, stats: stats.slice() });
    this.recent.set(machine, list);
    return out;
  }
}
