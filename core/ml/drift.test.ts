import { describe, expect, it } from 'vitest';
import { DriftMonitor, jensenShannon, scoreHistogram } from './drift';

describe('prediction drift', () => {
  it('computes Jensen–Shannon divergence of known distributions', () => {
    expect(jensenShannon([1, 2, 3], [2, 4, 6])).toBe(0); // same shape, other counts
    expect(jensenShannon([1, 0], [0, 1])).toBe(1); // disjoint: log2 base gives exactly 1
    // P = (1/2, 1/2), Q = (1, 0): M = (3/4, 1/4); JSD = ½·KL(P‖M) + ½·KL(Q‖M).
    const expected = 0.5 * (0.5 * Math.log2(0.5 / 0.75) + 0.5 * Math.log2(0.5 / 0.25)) + 0.5 * Math.log2(1 / 0.75);
    expect(jensenShannon([5, 5], [10, 0])).toBeCloseTo(expected, 12);
    expect(jensenShannon([1, 1], [1, 3])).toBeCloseTo(jensenShannon([1, 3], [1, 1]), 15);
    expect(jensenShannon([0, 0], [1, 1])).toBeNaN();
    expect(() => jensenShannon([1], [1, 2])).toThrow(/differ in bins/);
  });

  it('bins scores over [0, 1]', () => {
    expect(scoreHistogram([0, 0.049, 0.05, 0.5, 0.999, 1, NaN], 20)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
  });

  it('warns only once enough live scores differ from the training ones', () => {
    const train = scoreHistogram(Array.from({ length: 1000 }, (_, i) => (i % 100) / 1000)); // all under 0.1
    const same = new DriftMonitor(train, 0.2, 50);
    for (let i = 0; i < 49; i++) same.add((2 * i) / 1000); // 0 … 0.096: both bins, like training
    expect(same.check()).toBeNull();
    same.add(0.098);
    expect(same.check()).toMatchObject({ drifted: false, liveScores: 50 });
    expect(same.check()!.divergence).toBeLessThan(0.05);
    const shifted = new DriftMonitor(train, 0.2, 50);
    for (let i = 0; i < 100; i++) shifted.add(0.5 + (i % 50) / 100); // all over 0.5
    expect(shifted.check()).toMatchObject({ drifted: true, divergence: 1 });
  });
});
