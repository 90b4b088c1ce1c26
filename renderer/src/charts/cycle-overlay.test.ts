import { describe, expect, it } from 'vitest';
import { alignOverlay, pickOverlay, trendLine } from './cycle-overlay';

describe('pickOverlay', () => {
  it('keeps every cycle under the cap, spreads the cap over the list otherwise', () => {
    expect(pickOverlay(3, 5)).toEqual([0, 1, 2]);
    expect(pickOverlay(101, 5)).toEqual([0, 25, 50, 75, 100]);
    expect(new Set(pickOverlay(10_000, 40)).size).toBe(40);
  });
});

describe('alignOverlay', () => {
  it('aligns cycles at their start and interpolates onto shared offsets', () => {
    const a = { start: 1000, ts: [1000, 2000, 3000], values: [0, 10, 0] };
    const b = { start: 50_000, ts: [50_000, 51_000], values: [5, 7] };
    const o = alignOverlay([a, b], 5);
    expect(o.offsets).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(o.series[0]).toEqual([0, 5, 10, 5, 0]);
    // The shorter cycle ends at 1 s: later offsets are gaps, not extrapolation.
    expect(o.series[1]).toEqual([5, 6, 7, null, null]);
  });

  it('returns empty series for empty traces', () => {
    expect(alignOverlay([])).toEqual({ offsets: [], series: [] });
    expect(alignOverlay([{ start: 0, ts: [], values: [] }])).toEqual({ offsets: [], series: [[]] });
  });
});

describe('trendLine', () => {
  it('draws the slope through the centroid', () => {
    const hour = 3_600_000;
    const line = trendLine([0, hour, 2 * hour], [1, 2, 3], 1);
    expect(line).toEqual([1, 3]);
    expect(trendLine([0, hour], [null, null], 1)).toBeNull();
  });
});
