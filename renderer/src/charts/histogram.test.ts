import { describe, expect, it } from 'vitest';
import { histogram } from './histogram';

describe('histogram', () => {
  it('counts every finite value once, the maximum in the last bin', () => {
    const values = [1, 2, 2, 3, 3, 3, 4, 4, 5, null, NaN];
    const h = histogram(values, 4);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(9);
    expect(h.edges[0]).toBe(1);
    expect(h.edges[h.edges.length - 1]).toBe(5);
    expect(h.edges.length).toBe(h.counts.length + 1);
    expect(h.counts[h.counts.length - 1]).toBeGreaterThan(0);
  });

  it('puts values into the right bins', () => {
    expect(histogram([0, 0.1, 0.9, 1.1, 1.9, 2], 2)).toEqual({ edges: [0, 1, 2], counts: [3, 3] });
  });

  it('handles empty input and a single distinct value', () => {
    expect(histogram([])).toEqual({ edges: [], counts: [] });
    expect(histogram([7, 7, 7])).toEqual({ edges: [6.5, 7.5], counts: [3] });
  });

  it('caps the bin count when an outlier stretches the range, still counting every value', () => {
    const values = [...Array.from({ length: 1000 }, (_, i) => 30 + (i % 100) / 10), 900];
    const h = histogram(values, 60);
    expect(h.counts.length).toBe(60);
    expect(h.counts[0]).toBe(1000);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(1001);
  });
});
