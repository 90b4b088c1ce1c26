import { describe, expect, it } from 'vitest';
import { allocateBatch } from '../model';
import { computeRollup, rollupColumnArrays, type RollupColumns } from '../store/rollup';
import { prepareBatch } from './prepare';
import { scanBatch } from './prepare-scan';

const T0 = Date.UTC(2026, 0, 1);

function rows(r: RollupColumns): number[][] {
  return rollupColumnArrays(r).map((column) => Array.from(column.subarray(0, r.length)));
}

/** A deterministic batch of `series` ordered series with time ties, fractional ms and repeated values. */
function orderedBatch(series: number, perSeries: number, seed: number) {
  let x = seed;
  const rand = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const b = allocateBatch(series * perSeries, ['M-1', 'M-2', 'M-3'], ['a', 'b']);
  let i = 0;
  for (let k = 0; k < series; k++) {
    let t = T0 + Math.floor(rand() * 5000) - 2500.25;
    for (let j = 0; j < perSeries; j++, i++) {
      t += rand() < 0.2 ? 0 : rand() * 700;
      b.ts[i] = t;
      b.machine[i] = Math.floor(k / 2);
      b.sensor[i] = k % 2;
      b.value[i] = rand() < 0.3 ? 1 : Math.round(rand() * 1e4) / 100 - 50;
    }
  }
  b.length = i;
  return b;
}

describe('scanBatch', () => {
  it('computes exactly the rollups of computeRollup, both levels in one pass, across block edges', () => {
    for (const [series, perSeries] of [[1, 1], [6, 3000], [5, 9000]] as const) {
      const b = orderedBatch(series, perSeries, series * 31 + perSeries);
      const n = b.length;
      const lo = new Float64Array(2).fill(-Infinity);
      const hi = new Float64Array(2).fill(Infinity);
      const scanned = scanBatch(b.ts, b.machine, b.sensor, b.value, n, lo, hi)!;
      expect(scanned).not.toBeNull();
      expect(rows(scanned.rollup1s)).toEqual(rows(computeRollup(b.ts, b.machine, b.sensor, b.value, n, 1000)));
      expect(rows(scanned.rollup1m)).toEqual(rows(computeRollup(b.ts, b.machine, b.sensor, b.value, n, 60_000)));
      expect(scanned.minTs).toBe(Math.min(...b.ts.subarray(0, n)));
      expect(scanned.maxTs).toBe(Math.max(...b.ts.subarray(0, n)));
    }
  });

  it('gives up on an invalid or out-of-order row, and prepareBatch still stores the rest in order', () => {
    const b = orderedBatch(4, 50, 7);
    const lo = new Float64Array(2).fill(-Infinity);
    const hi = new Float64Array(2).fill(Infinity);
    const swapped = b.ts[10]!;
    b.ts[10] = b.ts[11]! + 1;
    expect(scanBatch(b.ts, b.machine, b.sensor, b.value, b.length, lo, hi)).toBeNull();
    b.ts[10] = swapped;
    b.value[20] = NaN;
    expect(scanBatch(b.ts, b.machine, b.sensor, b.value, b.length, lo, hi)).toBeNull();
    b.machine[150] = 0;
    const p = prepareBatch(b, new Map());
    expect(p.length).toBe(b.length - 1);
    expect(p.rejected).toHaveLength(1);
    expect(rows(p.rollup1s)).toEqual(rows(computeRollup(p.ts, p.machine, p.sensor, p.value, p.length, 1000)));
  });
});
