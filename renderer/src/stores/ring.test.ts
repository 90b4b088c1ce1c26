import { describe, expect, it } from 'vitest';
import { SeriesRing } from './ring';

describe('SeriesRing', () => {
  it('keeps the newest points within its capacity', () => {
    const ring = new SeriesRing(4);
    ring.push([1, 2, 3], [10, 20, 30]);
    expect(ring.since(0)).toEqual({ ts: [1, 2, 3], values: [10, 20, 30] });
    ring.push([4, 5, 6], [40, 50, 60]);
    expect(ring.size).toBe(4);
    expect(ring.since(0)).toEqual({ ts: [3, 4, 5, 6], values: [30, 40, 50, 60] });
    expect(ring.since(5)).toEqual({ ts: [5, 6], values: [50, 60] });
    expect(ring.last()).toEqual({ ts: 6, value: 60 });
    ring.clear();
    expect(ring.last()).toBeNull();
  });
});
