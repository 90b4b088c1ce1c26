import { describe, expect, it } from 'vitest';
import { failureRecall } from './failure-recall';

/** Windows of 10 s back to back from 0, one machine, scores as given. */
const windows = (scores: number[], machine = 0) => ({
  machineOf: new Int32Array(scores.length).fill(machine),
  start: Float64Array.from(scores, (_, i) => i * 10_000),
  end: Float64Array.from(scores, (_, i) => (i + 1) * 10_000),
  score: Float64Array.from(scores),
});

describe('failureRecall', () => {
  it('counts a failure caught when an alert ends before it, within the horizon, and measures the lead', () => {
    // Failure at 55 s, horizon 20 s: windows ending at 40 and 50 s may warn; the one at 40 s does.
    const r = failureRecall(windows([0, 0, 0, 0.9, 0.2, 0.9, 0]), [[55_000]], 0.5, 20_000);
    expect(r).toMatchObject({ covered: 1, caught: 1, recall: 1, medianLeadSeconds: 15 });
    // The window holding the failure (50–60 s) alerted too: not ahead, but not a false alarm either.
    expect(r.falseAlarmsPerHour).toBe(0);
  });

  it('misses a failure whose only alert comes too early or after it', () => {
    const early = failureRecall(windows([0.9, 0, 0, 0, 0, 0.9, 0]), [[55_000]], 0.5, 20_000);
    expect(early).toMatchObject({ covered: 1, caught: 0, recall: 0 });
    // The alert 45 s before the failure is outside the 20 s horizon: a false alarm, 1 in 70 s.
    expect(early.falseAlarmsPerHour).toBeCloseTo(3600 / 70, 6);
  });

  it('leaves out failures no held-out window precedes, and keeps machines apart', () => {
    const w = windows([0, 0.9, 0, 0]);
    const two = {
      machineOf: Int32Array.from([...w.machineOf, 1, 1, 1, 1]),
      start: Float64Array.from([...w.start, ...w.start]),
      end: Float64Array.from([...w.end, ...w.end]),
      score: Float64Array.from([...w.score, 0, 0, 0, 0]),
    };
    // Machine 0 fails at 25 s (caught, lead 5 s) and at 0 s (before its data: not covered);
    // machine 1 fails at 25 s with no alert: missed, and machine 0's alert does not count for it.
    const r = failureRecall(two, [[0, 25_000], [25_000]], 0.5, 10_000);
    expect(r).toMatchObject({ covered: 2, caught: 1, recall: 0.5, medianLeadSeconds: 5, falseAlarmsPerHour: 0 });
  });

  it('is NaN, not zero, when there is nothing to measure', () => {
    const r = failureRecall(windows([0.9, 0.9]), [[]], 0.5, 10_000);
    expect(r.recall).toBeNaN();
    expect(r.medianLeadSeconds).toBeNaN();
    expect(r.falseAlarmsPerHour).toBeCloseTo(2 * 3600 / 20, 6);
  });
});
