import { describe, expect, it } from 'vitest';
import { Random } from '../sim';
import { detectCycles } from './detector';
import { scoreCycles, type Score } from './score';
import { disturb, motorSignal, pressSignal, type Disturbances, type TruthSignal } from './sim-truth';

const HOUR = 3_600_000;

/** Noise and glitches the simulator does not make itself, on top of what it does. */
const HARSH: Disturbances = {
  spikeRate: 0.001, // single-sample spikes of ±3…8 kV, anywhere
  glitchRate: 0.0005, // 2…8-sample bursts at load level (under the 1 s minimum) in idle stretches
  glitchMaxSamples: 8,
  glitchLevel: 10,
  driftAmplitude: 1, // ±1 kV of slow drift of both levels
  driftPeriodMs: 2 * HOUR,
};

/** Auto mode against the truth, skipping the warm-up and the last minute (cycles cut by the data's ends). */
function score(signal: TruthSignal, values: Float64Array): Score {
  const cycles = detectCycles(signal.ts, values);
  const { ts } = signal;
  return scoreCycles(signal.truth, cycles.map((c) => c.metrics), signal.periodMs, ts[0]! + 300_000, ts[ts.length - 1]! - 60_000);
}

function expectAccurate(s: Score): void {
  expect(s.truth).toBeGreaterThan(100);
  expect(s.foundPct).toBeGreaterThanOrEqual(99);
  expect(s.falsePct).toBeLessThanOrEqual(1);
  expect(s.withinTolerancePct).toBeGreaterThanOrEqual(99);
  expect(s.tolerance).toBe(2);
}

describe('auto mode against simulator ground truth', () => {
  for (const seed of [1, 2, 3]) {
    it(`press, seed ${seed}: drift, glitches, first-order edges (6 h)`, () => {
      const signal = pressSignal(seed, 6 * HOUR);
      expectAccurate(score(signal, signal.values));
    });

    it(`press, seed ${seed}, with extra spikes, sub-minimum bursts and drift`, () => {
      const signal = pressSignal(seed, 6 * HOUR);
      expectAccurate(score(signal, disturb(signal, seed, HARSH)));
    });
  }

  for (const seed of [1, 2]) {
    it(`motor, seed ${seed}: noisy half-waves on a floor (2 h)`, () => {
      const signal = motorSignal(seed, 2 * HOUR);
      expectAccurate(score(signal, signal.values));
    });

    it(`motor, seed ${seed}, with extra spikes, sub-minimum bursts and drift`, () => {
      const signal = motorSignal(seed, 2 * HOUR);
      expectAccurate(score(signal, disturb(signal, seed, HARSH)));
    });
  }

  it('finds nothing in a signal without cycles (noise, drift, spikes only)', () => {
    const rng = Random.stream(5, 0, 'flat');
    const n = 36_000;
    const ts = Float64Array.from({ length: n }, (_, i) => i * 100);
    const values = Float64Array.from({ length: n }, (_, i) => 1 + 0.3 * Math.sin(i / 5000) + rng.normal(0, 0.15) + (i % 997 === 0 ? 6 : 0));
    expect(detectCycles(ts, values)).toEqual([]);
  });
});
