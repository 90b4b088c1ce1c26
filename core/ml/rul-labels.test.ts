import { describe, expect, it } from 'vitest';
import { rulLabels } from './rul-labels';

describe('rulLabels', () => {
  it('is the seconds to the next failure, capped, and NaN where the data ends before the cap', () => {
    // One machine, windows ending every minute from 1 to 10 min; failures at 3.5 min and 30 min; cap 4 min.
    const end = Float64Array.from({ length: 10 }, (_, i) => (i + 1) * 60_000);
    const y = rulLabels({ machineOf: new Int32Array(10), end }, [[210_000, 1_800_000]], 240_000);
    expect(Array.from(y.subarray(0, 3))).toEqual([150, 90, 30]);
    // After the first failure the next is 20+ minutes away: the cap, while 4 minutes of data follow…
    expect(Array.from(y.subarray(3, 6))).toEqual([240, 240, 240]);
    // …then, the data ending at 10 min, survival past the cap is known only via the failure at 30 min.
    expect(Array.from(y.subarray(6))).toEqual([240, 240, 240, 240]);
    // Without that later failure the last windows are censored.
    const censored = rulLabels({ machineOf: new Int32Array(10), end }, [[210_000]], 240_000);
    expect(Array.from(censored.subarray(5))).toEqual([240, NaN, NaN, NaN, NaN]);
  });

  it('keeps machines apart', () => {
    const y = rulLabels({ machineOf: Int32Array.from([0, 1]), end: Float64Array.from([60_000, 60_000]) }, [[120_000], []], 600_000);
    expect(y[0]).toBe(60);
    expect(y[1]).toBeNaN();
  });
});
