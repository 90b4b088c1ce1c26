import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollupAccumulator } from './rollup-accumulator';

interface Agg {
  n: number;
  min: number;
  minTs: number;
  max: number;
  maxTs: number;
  sum: number;
  sumSq: number;
  first: number;
  firstTs: number;
  last: number;
  lastTs: number;
}

/** Folds a reading or a partial row into `into`: the tie rules every reader applies when merging. */
function fold(into: Agg | undefined, x: Agg): Agg {
  if (!into) return { ...x };
  return {
    n: into.n + x.n,
    sum: into.sum + x.sum,
    sumSq: into.sumSq + x.sumSq,
    ...(x.min < into.min || (x.min === into.min && x.minTs < into.minTs) ? { min: x.min, minTs: x.minTs } : { min: into.min, minTs: into.minTs }),
    ...(x.max > into.max || (x.max === into.max && x.maxTs < into.maxTs) ? { max: x.max, maxTs: x.maxTs } : { max: into.max, maxTs: into.maxTs }),
    ...(x.firstTs < into.firstTs || (x.firstTs === into.firstTs && x.first < into.first) ? { first: x.first, firstTs: x.firstTs } : { first: into.first, firstTs: into.firstTs }),
    ...(x.lastTs > into.lastTs || (x.lastTs === into.lastTs && x.last > into.last) ? { last: x.last, lastTs: x.lastTs } : { last: into.last, lastTs: into.lastTs }),
  };
}

const reading = (t: number, v: number): Agg => ({ n: 1, min: v, minTs: t, max: v, maxTs: t, sum: v, sumSq: v * v, first: v, firstTs: t, last: v, lastTs: t });

describe('RollupAccumulator', () => {
  it('equals a per-bucket brute force once partial rows are merged, in any arrival order, ties included', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ machine: fc.integer({ min: 0, max: 2 }), sensor: fc.integer({ min: 0, max: 1 }), t: fc.integer({ min: 0, max: 5000 }), v: fc.integer({ min: -3, max: 3 }) }),
          { size: 'large' },
        ),
        fc.boolean(),
        (rows, ordered) => {
          if (ordered) rows.sort((a, b) => a.t - b.t); // a file in time order; otherwise any order
          const widths = [100, 1000];
          const acc = new RollupAccumulator(widths, 3, 2);
          for (const r of rows) acc.add(r.machine, r.sensor, r.t, r.v);
          acc.finish();
          widths.forEach((width, level) => {
            const expected = new Map<string, Agg>();
            for (const r of rows) {
              const key = `${r.machine}/${r.sensor}/${Math.floor(r.t / width) * width}`;
              expected.set(key, fold(expected.get(key), reading(r.t, r.v)));
            }
            const got = new Map<string, Agg>();
            let partials = 0;
            acc.drain(level, (b) => {
              for (let i = 0; i < b.length; i++) {
                partials++;
                const key = `${b.machine[i]}/${b.sensor[i]}/${b.bucket[i]}`;
                const row = {
                  n: b.n[i]!, min: b.min[i]!, minTs: b.minTs[i]!, max: b.max[i]!, maxTs: b.maxTs[i]!, sum: b.sum[i]!, sumSq: b.sumSq[i]!,
                  first: b.first[i]!, firstTs: b.firstTs[i]!, last: b.last[i]!, lastTs: b.lastTs[i]!,
                };
                got.set(key, fold(got.get(key), row));
              }
            });
            expect(got).toEqual(expected);
            if (ordered) expect(partials).toBe(expected.size); // time-ordered input: one row per bucket
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('hands over closed buckets as it goes, so a caller can append them range by range', () => {
    const acc = new RollupAccumulator([1000, 60_000], 1, 1);
    for (let t = 0; t < 10_000; t += 100) acc.add(0, 0, t, t);
    const count = (level: number) => {
      let n = 0;
      acc.drain(level, (b) => (n += b.length));
      return n;
    };
    expect(count(0)).toBe(9); // seconds 0..8 closed, second 9 still open
    acc.finish();
    expect(count(0)).toBe(1);
    const minute: number[] = [];
    acc.drain(1, (b) => minute.push(...b.n.subarray(0, b.length)));
    expect(minute).toEqual([100]);
  });
});
