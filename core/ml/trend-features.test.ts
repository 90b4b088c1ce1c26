import { describe, expect, it } from 'vitest';
import { resolveTrendMs, trendBase, trendColumns, TrendHistory, trendFeatureNames } from './trend-features';

describe('trend features', () => {
  const names = ['rpm.mean', 'rpm.kurt', 'vib.std', 'vib.max', 'vib.band1'];

  it('names the change of every mean, std and max, and maps each back', () => {
    expect(trendFeatureNames(names)).toEqual(['rpm.mean.change', 'vib.std.change', 'vib.max.change']);
    expect(trendFeatureNames(names).map(trendBase)).toEqual(['rpm.mean', 'vib.std', 'vib.max']);
    expect(trendBase('rpm.kurt')).toBe('rpm.kurt');
    expect(resolveTrendMs(60_000)).toBe(20 * 60_000);
    expect(resolveTrendMs(60_000, 0)).toBe(0);
  });

  it('offline over columns and live window by window give the same values, gaps and machines included', () => {
    // Two machines, one-minute windows with holes; lookback 3 minutes.
    const starts = [[0, 1, 2, 3, 4, 7, 8, 12, 13], [5, 6, 9, 10, 11, 15]].map((m) => m.map((k) => k * 60_000));
    const machineOf = Int32Array.from(starts.flatMap((m, i) => m.map(() => i)));
    const start = Float64Array.from(starts.flat());
    const columns = names.map((_, k) => Float64Array.from(start, (s, i) => Math.sin(s / 1e5 + k) * 10 + machineOf[i]!));
    const offline = trendColumns(names, columns, machineOf, start, 180_000);
    const history = new TrendHistory(names, 180_000);
    const machines = ['A', 'B'];
    // Live windows close interleaved across machines, in time order within each.
    const order = Array.from(start.keys()).sort((a, b) => start[a]! - start[b]!);
    for (const i of order) {
      const live = history.next(machines[machineOf[i]!]!, start[i]!, Float64Array.from(columns, (c) => c[i]!));
      expect(Array.from(live)).toEqual(offline.map((c) => c[i]!));
    }
    // Row 5 (machine A at 7 min) compares with 4 min; row 2 (2 min) has nothing 3 minutes back.
    expect(offline[0]![5]).toBeCloseTo(columns[0]![5]! - columns[0]![4]!, 12);
    expect(offline[0]![2]).toBeNaN();
  });
});
