import { describe, expect, it } from 'vitest';
import { normalCdf, scoreSeries, StreamingDetector } from './anomaly';
import { Rng } from './random';

/** A daily-cycle-like signal with noise; spikes, a dip and a level shift injected at known places. */
function series(seed: number): { values: Float64Array; anomalies: number[] } {
  const rng = new Rng(seed);
  const n = 6000;
  const values = Float64Array.from({ length: n }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + 2 * (rng.float() + rng.float() + rng.float() - 1.5));
  const anomalies = [1500, 2600, 3700, 4800];
  values[1500]! += 25; // spike
  values[2600]! -= 30; // dip
  for (let i = 3700; i < 3720; i++) values[i]! += 12; // short burst
  for (let i = 4800; i < n; i++) values[i]! += 20; // lasting level shift
  return { values, anomalies };
}

describe('streaming anomaly score', () => {
  it('is high at injected anomalies and low elsewhere', () => {
    for (const seed of [1, 2, 3]) {
      const { values, anomalies } = series(seed);
      const score = scoreSeries(values);
      for (const a of anomalies) {
        const peak = Math.max(...score.subarray(a, a + 10));
        expect(peak, `anomaly at ${a}, seed ${seed}`).toBeGreaterThan(0.5);
      }
      const normal = Array.from(score).filter((_, i) => i >= 150 && !anomalies.some((a) => i >= a && i < a + 150));
      normal.sort((p, q) => p - q);
      expect(normal[Math.floor(normal.length * 0.99)]!, `99th percentile of normal scores, seed ${seed}`).toBeLessThan(0.3);
      expect(normal[normal.length - 1]!, `max normal score, seed ${seed}`).toBeLessThan(0.5);
    }
  });

  it('stays in [0, 1], scores 0 during warm-up and for missing readings, and is online', () => {
    const { values } = series(4);
    const detector = new StreamingDetector();
    const online = Float64Array.from(values, (v) => detector.push(v));
    expect(online).toEqual(scoreSeries(values));
    expect(online.every((s) => s >= 0 && s <= 1)).toBe(true);
    expect(Math.max(...online.subarray(0, 150))).toBe(0);
    expect(new StreamingDetector().push(NaN)).toBe(0);
    // A flat line that starts to move is an anomaly, not a division by zero.
    const flat = Float64Array.from({ length: 400 }, (_, i) => (i < 300 ? 5 : 5 + (i - 300)));
    const s = scoreSeries(flat);
    expect(s.every(Number.isFinite)).toBe(true);
    expect(Math.max(...s.subarray(300, 320))).toBeGreaterThan(0.5);
  });

  it('does not alarm on one step of a quantised sensor after a flat stretch, but does on a real jump', () => {
    const rng = new Rng(9);
    // A 0.5-resolution temperature: long flat stretches, an occasional single-step change.
    const values = Float64Array.from({ length: 3000 }, (_, i) => 20 + 0.5 * Math.round(Math.sin(i / 400) + (rng.float() < 0.02 ? 1 : 0)));
    values[2500] = 26;
    const score = scoreSeries(values);
    expect(Math.max(...score.subarray(150, 2500))).toBeLessThan(0.5);
    expect(score[2500]).toBeGreaterThan(0.5);
  });

  it('uses an accurate normal CDF', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-3)).toBeCloseTo(0.0013499, 6);
  });
});
