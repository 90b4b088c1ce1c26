import { describe, expect, it } from 'vitest';
import { CycleDetector } from './detector';
import { motorSignal, pressSignal } from './sim-truth';
import { summarizeCycles } from './summary';
import type { CycleMetrics } from './types';

const HOUR = 3_600_000;

function cycle(i: number, duration: number, peak: number): CycleMetrics {
  const start = Date.UTC(2026, 2, 1) + i * 60_000;
  return {
    start,
    end: start + duration * 1000,
    duration_s: duration,
    idle_before_s: 10,
    period_s: 60,
    samples: duration * 10,
    baseline: 1,
    max_point: peak,
    min: 1,
    mean: peak - 1,
    median: peak - 1,
    root_mean_squared: peak - 1,
    std: 0.5,
    area_above_baseline: duration * (peak - 2),
    rise_time_s: 3,
    fall_time_s: 6,
    overshoot_pct: 10,
    time_above_threshold_s: duration,
    threshold: 6,
    reference_time: start + duration * 500,
  };
}

describe('per-machine cycle summary', () => {
  it('trends duration and peak per hour and flags the odd cycle by robust z-score', () => {
    // Durations grow 1 s per cycle, and reference times 60.5 s apart: 3600 / 60.5 s per hour.
    // Peaks sit near 12 except one at 20.
    const cycles = Array.from({ length: 40 }, (_, i) => cycle(i, 30 + i, i === 17 ? 20 : 12 + 0.01 * (i % 5)));
    const s = summarizeCycles(cycles);
    expect(s.count).toBe(40);
    expect(s.trends.duration_s!.perHour).toBeCloseTo(3600 / 60.5, 6);
    expect(s.trends.duration_s!.change).toBeCloseTo(39, 6);
    expect(s.stats.duration_s).toMatchObject({ count: 40, min: 30, max: 69, median: 49.5 });
    expect(s.abnormal.map((a) => a.index)).toEqual([17]);
    expect(Object.keys(s.abnormal[0]!.scores)).toContain('max_point');
    expect(s.abnormal[0]!.scores.max_point).toBeGreaterThan(3.5);
  });

  it('summarises nothing and one cycle without failing', () => {
    expect(summarizeCycles([])).toMatchObject({ count: 0, abnormal: [], trends: { duration_s: null, max_point: null } });
    expect(summarizeCycles([cycle(0, 30, 12)]).stats.max_point).toMatchObject({ count: 1, median: 12, std: null });
  });
});

describe('memory of the online detector', () => {
  it('holds a bounded number of samples between cycles, however long the stream', () => {
    for (const signal of [pressSignal(3, 4 * HOUR), motorSignal(3, HOUR)]) {
      const d = new CycleDetector();
      let most = 0;
      for (let i = 0; i < signal.ts.length; i += 500) {
        d.push(signal.ts.subarray(i, i + 500), signal.values.subarray(i, i + 500));
        if (i > 600_000 / 100) most = Math.max(most, d.buffered);
      }
      // About one cycle plus its look-ahead and edge context, never the stream.
      expect(most).toBeLessThan(8_000);
    }
  });
});
