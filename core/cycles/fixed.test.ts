import { describe, expect, it } from 'vitest';
import { CycleDetector, detectCycles } from './detector';
import { detectorName } from './types';

const T0 = Date.UTC(2026, 2, 1);
const MOTOR = { threshold: 4, minGapMs: 2000 }; // the Motor project's cutter: 4 kV, 2 s

/** 10 Hz samples from a list of [count, value-or-generator] runs. */
function fixture(runs: [number, number | ((k: number) => number)][]): { ts: Float64Array; values: Float64Array } {
  const values: number[] = [];
  for (const [count, v] of runs) for (let k = 0; k < count; k++) values.push(typeof v === 'number' ? v : v(k));
  return { ts: Float64Array.from(values, (_, i) => T0 + i * 100), values: Float64Array.from(values) };
}

const loadA = (k: number) => 8 + (k % 7) * 0.5;
const loadB = (k: number) => 5 + (k % 3);

/**
 * The Motor project's behaviour: the data starts inside a cycle (excluded), cycle A has a 5-sample
 * dip below 4 kV (0.6 s between samples above: merged), cycle B is clean, cycle C is still within
 * 2 s of its last sample above 4 kV when the data ends (open: not reported).
 */
const MOTOR_FIXTURE = fixture([
  [5, (k) => 5 + k * 0.3], // 0..4: open at start
  [25, 1], // 5..29: idle, 2.6 s between samples above
  [20, loadA], // 30..49
  [5, 2.5], // 50..54: dip
  [15, (k) => loadA(k + 3)], // 55..69
  [30, 1], // 70..99
  [10, loadB], // 100..109
  [40, 1], // 110..149
  [10, 9], // 150..159: cycle C
  [6, 1], // 160..165: only 0.6 s of idle, data ends
]);

function expectedMetrics(values: Float64Array, from: number, to: number) {
  const part = Array.from(values.subarray(from, to + 1));
  const sorted = [...part].sort((a, b) => a - b);
  const n = part.length;
  return {
    max: Math.max(...part),
    min: Math.min(...part),
    median: n % 2 ? sorted[n >> 1]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2,
    rms: Math.sqrt(part.reduce((s, x) => s + x * x, 0) / n),
    mean: part.reduce((s, x) => s + x, 0) / n,
  };
}

describe('fixed mode (threshold and minimum gap)', () => {
  it("reproduces the Motor project's cutter on a hand-made fixture", () => {
    const { ts, values } = MOTOR_FIXTURE;
    const cycles = detectCycles(ts, values, MOTOR);
    expect(cycles.map((c) => [c.startIndex, c.endIndex])).toEqual([
      [30, 69],
      [100, 109],
    ]);
    const [a, b] = cycles.map((c) => c.metrics);
    for (const [c, from, to] of [[a!, 30, 69], [b!, 100, 109]] as const) {
      const want = expectedMetrics(values, from, to);
      // Exact: the same value, not merely close.
      expect(c.max_point).toBe(want.max);
      expect(c.median).toBe(want.median);
      expect(c.root_mean_squared).toBe(want.rms);
      expect(c.min).toBe(want.min);
      expect(c.mean).toBeCloseTo(want.mean, 12);
      expect(c.start).toBe(ts[from]);
      expect(c.end).toBe(ts[to]);
      expect(c.samples).toBe(to - from + 1);
      expect(c.reference_time).toBe((ts[from]! + ts[to]!) / 2);
      expect(c.threshold).toBe(4);
    }
    expect(a!.min).toBe(2.5); // the merged dip is part of the cycle
    expect(a!.idle_before_s).toBeNull();
    expect(b!.idle_before_s).toBeCloseTo(3.1, 9);
    expect(b!.period_s).toBeCloseTo(7, 9);
  });

  it('keeps the dip apart when the gap is not shorter than the minimum gap', () => {
    const { ts, values } = MOTOR_FIXTURE;
    const cycles = detectCycles(ts, values, { threshold: 4, minGapMs: 600 });
    expect(cycles.map((c) => [c.startIndex, c.endIndex])).toEqual([
      [30, 49],
      [55, 69],
      [100, 109],
      [150, 159], // with a 0.6 s gap, C closes 0.6 s after its last sample above
    ]);
  });

  it('counts only samples strictly above the threshold, and drops cycles shorter than the minimum duration', () => {
    const { ts, values } = fixture([
      [10, 1],
      [3, 4], // at the threshold: not above
      [10, 1],
      [1, 7], // a one-sample blip
      [10, 1],
      [30, 8],
      [10, 1],
    ]);
    expect(detectCycles(ts, values, { threshold: 4 }).map((c) => [c.startIndex, c.endIndex])).toEqual([
      [23, 23],
      [34, 63],
    ]);
    expect(detectCycles(ts, values, { threshold: 4, minDurationMs: 1000 }).map((c) => c.startIndex)).toEqual([34]);
  });

  it('names the detector by its parameters', () => {
    expect(detectorName(MOTOR)).toBe('fixed(threshold=4, min_gap=2s, min_duration=0s)');
    expect(detectorName()).toBe('auto(min_gap=1s, min_duration=1s)');
    expect(detectorName({ minDurationMs: 250 })).toBe('auto(min_gap=1s, min_duration=250ms)');
    expect(new CycleDetector(MOTOR).name).toBe(detectorName(MOTOR));
  });

  it('rejects bad parameters and bad samples with one-line errors', () => {
    expect(() => new CycleDetector({ threshold: NaN })).toThrow(/invalid threshold/);
    expect(() => new CycleDetector({ minGapMs: -1 })).toThrow(/invalid min gap/);
    const d = new CycleDetector(MOTOR);
    expect(() => d.push(Float64Array.of(1, 2), Float64Array.of(1))).toThrow(/2 timestamps but 1 values/);
    expect(() => d.push(Float64Array.of(T0, T0 - 1), Float64Array.of(1, 1))).toThrow(/sample 1 has time going backwards/);
    expect(() => d.push(Float64Array.of(T0), Float64Array.of(1))).toThrow(/stopped at bad input/);
    const e = new CycleDetector(MOTOR);
    expect(() => e.push(Float64Array.of(T0), Float64Array.of(NaN))).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    // The first bad sample is the one reported, whichever check of the block notices it.
    const bad = (ts: number[], v: number[]) => () => new CycleDetector(MOTOR).push(Float64Array.from(ts), Float64Array.from(v));
    expect(bad([-Infinity, T0, T0 + 1], [1, 1, 1])).toThrow(/sample 0 has a non-finite time/);
    expect(bad([T0, T0 + 1, Infinity, Infinity], [1, 1, 1, 1])).toThrow(/sample 2 has a non-finite time/);
    expect(bad([T0, T0 + 1, T0 + 2], [1, Infinity, NaN])).toThrow(/sample 1 has a non-finite value/);
    expect(bad([T0, NaN, T0 + 2], [1, 1, 1])).toThrow(/sample 1 has a non-finite time/);
    const f = new CycleDetector(MOTOR);
    f.finish();
    expect(() => f.push(Float64Array.of(T0), Float64Array.of(1))).toThrow(/already finished/);
  });
});
