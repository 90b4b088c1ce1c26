import { describe, expect, it } from 'vitest';
import { memoryTrend, soakPlan } from './soak';
import { leastSquares } from './trend';

const MB = 1024 * 1024;

describe('leastSquares', () => {
  it('fits an exact line exactly', () => {
    expect(leastSquares([0, 1, 2, 3], [1, 3, 5, 7])).toEqual({ slope: 2, intercept: 1, n: 4 });
  });

  it('gives the textbook answer for scattered points', () => {
    // x̄ = 2, ȳ = 3.4; Σdx·dy = (−2)(−1.4) + (−1)(0.6) + 0 + (1)(−0.4) + (2)(1.6) = 5; Σdx² = 10
    // → slope 0.5, intercept 3.4 − 0.5 · 2 = 2.4.
    const fit = leastSquares([0, 1, 2, 3, 4], [2, 4, 3, 3, 5]);
    expect(fit.slope).toBe(0.5);
    expect(fit.intercept).toBeCloseTo(2.4, 12);
    expect(fit.n).toBe(5);
  });

  it('is exact for epoch-sized x and byte-sized y (centred sums)', () => {
    const xs = Float64Array.from([0, 10, 20, 30], (x) => 1.7e12 + x);
    const ys = Float64Array.from([0, 10, 20, 30], (x) => 3e8 + 1000 * x);
    expect(leastSquares(xs, ys).slope).toBe(1000);
  });

  it('uses only the first n points and has no slope for fewer than two or one x', () => {
    expect(leastSquares([0, 1, 2, 99], [0, 1, 2, -50], 3).slope).toBe(1);
    expect(leastSquares([1], [1]).slope).toBeNaN();
    expect(leastSquares([], []).slope).toBeNaN();
    expect(leastSquares([5, 5, 5], [1, 2, 3]).slope).toBeNaN();
  });
});

describe('memoryTrend', () => {
  it('leaves out the warm-up and reports MB per minute, per 10 minutes and the measured growth', () => {
    // Warm-up (t < 60 s) jumps around; afterwards RSS grows 1 MB every 30 s = 2 MB/min.
    const t = [0, 30, 60, 90, 120, 150];
    const rss = [100, 180, 200, 201, 202, 203].map((mb) => mb * MB);
    const heapUsed = [10, 20, 30, 30, 30, 30].map((mb) => mb * MB);
    const duckdb = [5, 50, 60, 61.5, 63, 64.5].map((mb) => mb * MB);
    const trend = memoryTrend({ t, rss, heapUsed, duckdb, length: t.length }, 60_000);
    expect(trend).toEqual({ first: 2, referenceRssMb: 200, growthMb: 3, slopeMbPerMin: 2, slopeMbPer10Min: 20, heapSlopeMbPer10Min: 0, duckdbSlopeMbPer10Min: 30 });
    expect(memoryTrend({ t, rss, heapUsed, length: t.length }, 60_000).duckdbSlopeMbPer10Min).toBeNull();
  });

  it('has no slope with fewer than two samples after the warm-up', () => {
    const trend = memoryTrend({ t: [0, 1, 2], rss: [1, 2, 3], heapUsed: [1, 1, 1], length: 3 }, 2000);
    expect(trend.first).toBe(2);
    expect(trend.slopeMbPer10Min).toBeNull();
    expect(trend.growthMb).toBeNull();
    expect(memoryTrend({ t: [0, 1], rss: [1, 2], heapUsed: [1, 1], length: 2 }, 5000).referenceRssMb).toBeNull();
  });
});

describe('soakPlan', () => {
  it('uses as many press machines as make the rate at real time, then speeds up', () => {
    expect(soakPlan(2000)).toEqual({ profile: 'press', machines: 200, speed: 1, plannedRate: 2000 });
    expect(soakPlan(50_000)).toEqual({ profile: 'press', machines: 500, speed: 10, plannedRate: 50_000 });
    expect(soakPlan(1)).toEqual({ profile: 'press', machines: 1, speed: 0.1, plannedRate: 1 });
    expect(soakPlan(15).plannedRate).toBe(15);
  });

  it('refuses rates the simulation cannot be asked for', () => {
    expect(() => soakPlan(0.5)).toThrow(/rate must be from 1 to 5000000/);
    expect(() => soakPlan(6_000_000)).toThrow(/rate must be from/);
    expect(() => soakPlan(NaN)).toThrow(/rate must be from/);
  });
});
