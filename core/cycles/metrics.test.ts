import { describe, expect, it } from 'vitest';
import { detectCycles } from './detector';
import { BandMedian, medianOf, Scratch } from './select';
import fc from 'fast-check';

const T0 = Date.UTC(2026, 2, 1);

/**
 * Noise-free trapezoids at 10 Hz: 30 samples of idle at 1, a rise of 1 per sample to 11, a plateau
 * at 11 (one sample at 12), a fall of 0.5 per sample back to 1, idle again. Every metric has a
 * value that can be worked out by hand.
 */
function trapezoids(count: number): { ts: Float64Array; values: Float64Array } {
  const v: number[] = [];
  for (let c = 0; c < count; c++) {
    for (let k = 0; k < 30; k++) v.push(1);
    for (let k = 1; k <= 10; k++) v.push(1 + k); // 2 … 11
    for (let k = 0; k < 40; k++) v.push(k === 20 ? 12 : 11);
    for (let k = 1; k <= 20; k++) v.push(11 - 0.5 * k); // 10.5 … 1
  }
  for (let k = 0; k < 30; k++) v.push(1);
  return { ts: Float64Array.from(v, (_, i) => T0 + i * 100), values: Float64Array.from(v) };
}

describe('per-cycle metrics', () => {
  it('measures a trapezoid exactly (fixed mode, cut at 6)', () => {
    const { ts, values } = trapezoids(3);
    const cycles = detectCycles(ts, values, { threshold: 6 });
    expect(cycles).toHaveLength(3);
    const second = cycles[1]!.metrics;
    // Samples above 6: the rise from 7 (the 6th rise sample), the plateau, the fall down to 6.5.
    const first = 100 + 30 + 5;
    const last = 100 + 30 + 10 + 40 + 8;
    expect(cycles[1]!.startIndex).toBe(first);
    expect(cycles[1]!.endIndex).toBe(last);
    expect(second.samples).toBe(last - first + 1);
    expect(second.duration_s).toBeCloseTo((last - first) / 10, 9);
    expect(second.baseline).toBe(1);
    expect(second.max_point).toBe(12);
    expect(second.min).toBe(6.5);
    expect(second.median).toBe(11);
    expect(second.overshoot_pct).toBeCloseTo(10, 9); // (12 − 11) / (11 − 1)
    // 10 % → 90 % of 1 → 11 is 2 → 10: 8 samples of the rise, 16 of the fall (interpolated).
    expect(second.rise_time_s).toBeCloseTo(0.8, 9);
    expect(second.fall_time_s).toBeCloseTo(1.6, 9);
    expect(second.time_above_threshold_s).toBeCloseTo(second.duration_s, 9);
    // ∫ (v − 1) dt by the trapezoid rule over the cycle's samples.
    let area = 0;
    for (let i = first + 1; i <= last; i++) area += ((values[i - 1]! - 1 + values[i]! - 1) / 2) * 0.1;
    expect(second.area_above_baseline).toBeCloseTo(area, 9);
    expect(second.idle_before_s).toBeCloseTo((second.start - cycles[0]!.metrics.end) / 1000, 9);
    expect(second.period_s).toBeCloseTo(10, 9);
    expect(cycles[0]!.metrics.idle_before_s).toBeNull();
  });

  it('finds the corners of the same trapezoid in auto mode', () => {
    const { ts, values } = trapezoids(8);
    const cycles = detectCycles(ts, values, { warmupMs: 20_000 });
    // The signal starts idle; the first cycle's levels come from the warm-up.
    expect(cycles.length).toBe(8);
    cycles.forEach((c, n) => {
      const base = 100 * n;
      expect(c.startIndex).toBe(base + 30); // first sample off idle (value 2)
      expect(c.endIndex).toBe(base + 30 + 10 + 39); // last sample of the plateau
      expect(c.metrics.rise_time_s).toBeCloseTo(0.8, 9);
      expect(c.metrics.fall_time_s).toBeCloseTo(1.6, 9);
    });
  });

  it('interpolates time above the threshold within a cycle', () => {
    // One cycle cut at 4 whose samples straddle 5 linearly: 3, 6, 6, 3 → above 5 from 1/3 to 2 + 2/3 steps.
    const v = [1, 1, 1, 1, 3, 6, 6, 3, 1, 1, 1, 1];
    const ts = Float64Array.from(v, (_, i) => T0 + i * 1000);
    const [c] = detectCycles(ts, Float64Array.from(v), { threshold: 2 });
    expect(c!.metrics.time_above_threshold_s).toBeCloseTo(3, 9); // all of 3 → 6 → 6 → 3 is above 2
    const [d] = detectCycles(ts, Float64Array.from(v), { threshold: 5 });
    expect(d!.metrics.start).toBe(ts[5]);
    expect(d!.metrics.time_above_threshold_s).toBeCloseTo(1, 9); // 6 → 6 only, within the cycle
  });
});

describe('exact medians', () => {
  const sortedMedian = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };

  it('agree with sorting, whether the band holds the middle or misses it', () => {
    const band = new BandMedian();
    const scratch = new Scratch();
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 600 }),
        (values) => {
          const v = Float64Array.from(values);
          expect(band.of(v, 0, v.length)).toBe(sortedMedian(values));
          expect(medianOf(v, 0, v.length, scratch)).toBe(sortedMedian(values));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('stay exact when the strided subsample misleads the band', () => {
    // Every 4th value (the subsample) is large, so the band lies far above the true middle.
    const values = Array.from({ length: 512 }, (_, i) => (i % 4 === 0 ? 1000 + i : (i * 7919) % 101));
    expect(new BandMedian().of(Float64Array.from(values), 0, values.length)).toBe(sortedMedian(values));
  });
});
