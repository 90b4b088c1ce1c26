import { describe, expect, it } from 'vitest';
import { Random, streamState } from './random';

const draw = (r: Random, n: number) => Array.from({ length: n }, () => r.double());

describe('Random', () => {
  it('repeats exactly for the same (seed, machine, purpose)', () => {
    expect(draw(Random.stream(42, 3, 'profile'), 100)).toEqual(draw(Random.stream(42, 3, 'profile'), 100));
  });

  it('gives different streams for different seeds, machines and purposes', () => {
    const base = draw(Random.stream(42, 3, 'profile'), 10);
    for (const other of [Random.stream(43, 3, 'profile'), Random.stream(42, 4, 'profile'), Random.stream(42, 3, 'spike'), Random.stream(42.5, 3, 'profile')]) {
      expect(draw(other, 10)).not.toEqual(base);
    }
  });

  it('never derives the same state for 60 000 machine/purpose streams', () => {
    const seen = new Set<string>();
    for (let m = 0; m < 10_000; m++) {
      for (const p of ['phase', 'profile', 'physical', 'stuck', 'dropout', 'spike']) seen.add(streamState(1, m, p).join(','));
    }
    expect(seen.size).toBe(60_000);
  });

  it('draws uniform doubles in [0, 1) with the right moments', () => {
    const r = Random.stream(1, 0, 'test');
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = r.double();
      sum += u;
      sq += u * u;
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
  });

  it('draws uniform(a, b), ints in a closed range, and chances', () => {
    const r = Random.stream(2, 0, 'test');
    const counts = new Map<number, number>();
    let outside = 0;
    for (let i = 0; i < 60_000; i++) {
      const u = r.uniform(-3, 5);
      if (u < -3 || u >= 5) outside++;
      const k = r.int(1, 6);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(outside).toBe(0);
    expect([...counts.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const c of counts.values()) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    let hits = 0;
    for (let i = 0; i < 100_000; i++) if (r.chance(0.05)) hits++;
    expect(Math.abs(hits - 5000)).toBeLessThan(300);
  });

  it('draws normals with the requested mean and sd', () => {
    const r = Random.stream(3, 0, 'test');
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let beyond2 = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal(10, 2);
      sum += x;
      sq += x * x;
      if (Math.abs(x - 10) > 4) beyond2++;
    }
    const m = sum / n;
    expect(m).toBeCloseTo(10, 1);
    expect(Math.sqrt(sq / n - m * m)).toBeCloseTo(2, 1);
    // 4.55 % of a normal lies beyond two standard deviations.
    expect(beyond2 / n).toBeGreaterThan(0.04);
    expect(beyond2 / n).toBeLessThan(0.051);
  });

  it('draws exponentials with the requested mean', () => {
    const r = Random.stream(4, 0, 'test');
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += r.exponential(7);
    expect(sum / 100_000).toBeCloseTo(7, 0);
  });
});
