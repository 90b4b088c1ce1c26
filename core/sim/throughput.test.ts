import { describe, expect, it } from 'vitest';
import { Random } from './random';
import { Simulator } from './simulator';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 1);

/**
 * Throughput, printed so a run shows the figure. The asserted floors are far below the targets
 * (20M numbers/s, 10M readings/s) because CI boxes have 2 shared cores; the log is the measurement.
 */
describe('throughput', () => {
  it('draws uniform and normal numbers fast', () => {
    const rng = Random.stream(1, 0, 'bench');
    const n = 20_000_000;
    let acc = 0;
    let t0 = performance.now();
    for (let i = 0; i < n; i++) acc += rng.double();
    const uniformRate = n / ((performance.now() - t0) / 1000);
    t0 = performance.now();
    for (let i = 0; i < n; i++) acc += rng.normal();
    const normalRate = n / ((performance.now() - t0) / 1000);
    console.log(`random: ${(uniformRate / 1e6).toFixed(1)}M uniform/s, ${(normalRate / 1e6).toFixed(1)}M normal/s (${acc > 0})`);
    expect(uniformRate).toBeGreaterThan(5e6);
  });

  it.each([
    ['servo', 'none'],
    ['servo', 'all'],
  ] as const)('generates %s (faults %s), 100 machines x 1 hour', (profile, faults) => {
    const sim = new Simulator({ profile, machines: 100, seed: 7, start: START, faults });
    const t0 = performance.now();
    const { batch } = sim.generate(START + HOUR);
    const seconds = (performance.now() - t0) / 1000;
    const rate = batch.length / seconds;
    console.log(`${profile}/${faults}: ${batch.length} readings in ${seconds.toFixed(2)} s = ${(rate / 1e6).toFixed(1)}M readings/s`);
    expect(batch.length).toBeGreaterThan(10_000_000);
    expect(rate).toBeGreaterThan(2e6);
  });
});
