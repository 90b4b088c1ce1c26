import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeRollup } from './rollup';

describe('computeRollup', () => {
  it('matches a per-bucket brute force, ties included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ series: fc.integer({ min: 0, max: 2 }), t: fc.integer({ min: 0, max: 5000 }), v: fc.integer({ min: -3, max: 3 }) }), { size: 'large' }),
        fc.constantFrom(1000, 60_000, 7),
        (rows, width) => {
          // the layout the store feeds it: grouped by series, time-ordered
          rows.sort((a, b) => a.series - b.series || a.t - b.t);
          const n = rows.length;
          const r = computeRollup(
            Float64Array.from(rows, (x) => x.t),
            Uint16Array.from(rows, (x) => x.series),
            new Uint16Array(n),
            Float64Array.from(rows, (x) => x.v),
            n,
            width,
          );
          const expected = new Map<string, { n: number; min: number; minTs: number; max: number; maxTs: number; sum: number; sumSq: number; first: number; firstTs: number; last: number; lastTs: number }>();
          for (const x of rows) {
            const key = `${x.series}/${Math.floor(x.t / width) * width}`;
            const e = expected.get(key);
            if (!e) {
              expected.set(key, { n: 1, min: x.v, minTs: x.t, max: x.v, maxTs: x.t, sum: x.v, sumSq: x.v * x.v, first: x.v, firstTs: x.t, last: x.v, lastTs: x.t });
              continue;
            }
            e.n++;
            e.sum += x.v;
            e.sumSq += x.v * x.v;
            if (x.v < e.min) [e.min, e.minTs] = [x.v, x.t];
            if (x.v > e.max) [e.max, e.maxTs] = [x.v, x.t];
            if (x.t === e.firstTs && x.v < e.first) e.first = x.v;
            if (x.t > e.lastTs || (x.t === e.lastTs && x.v > e.last)) [e.last, e.lastTs] = [x.v, x.t];
          }
          const got = new Map<string, unknown>();
          for (let i = 0; i < r.length; i++) {
            got.set(`${r.machine[i]}/${r.bucket[i]}`, {
              n: r.n[i], min: r.min[i], minTs: r.minTs[i], max: r.max[i], maxTs: r.maxTs[i], sum: r.sum[i], sumSq: r.sumSq[i],
              first: r.first[i], firstTs: r.firstTs[i], last: r.last[i], lastTs: r.lastTs[i],
            });
          }
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
