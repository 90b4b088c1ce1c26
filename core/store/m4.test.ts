import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateBatch } from '../model';
import { Ingestor } from '../ingest/ingestor';
import { chooseLevel, m4, type M4Level, type M4Result } from './m4';
import { resolveSeries } from './series';
import { Workspace } from './workspace';

interface Point {
  us: number;
  v: number;
}

/** Straight from the definition in m4.ts: bucket by grid cell, then pick the four points. */
function brute(points: Point[], startUs: number, endUs: number, buckets: number, gridUs: number) {
  const span = endUs - startUs;
  const out = new Map<number, { n: number; f: Point; l: Point; lo: Point; hi: Point }>();
  for (const p of points) {
    if (p.us < startUs || p.us >= endUs) continue;
    const cell = Math.floor(p.us / gridUs) * gridUs;
    const k = Number((BigInt(cell - startUs) * BigInt(buckets)) / BigInt(span));
    const b = out.get(k);
    if (!b) {
      out.set(k, { n: 1, f: p, l: p, lo: p, hi: p });
      continue;
    }
    b.n++;
    if (p.us < b.f.us || (p.us === b.f.us && p.v < b.f.v)) b.f = p;
    if (p.us > b.l.us || (p.us === b.l.us && p.v > b.l.v)) b.l = p;
    if (p.v < b.lo.v || (p.v === b.lo.v && p.us < b.lo.us)) b.lo = p;
    if (p.v > b.hi.v || (p.v === b.hi.v && p.us < b.hi.us)) b.hi = p;
  }
  return [...out.entries()].sort((a, b) => a[0] - b[0]);
}

function asRows(r: M4Result) {
  return Array.from(r.bucket, (k, i) => [
    k,
    {
      n: r.count[i],
      f: { us: Math.round(r.firstTs[i]! * 1000), v: r.first[i] },
      l: { us: Math.round(r.lastTs[i]! * 1000), v: r.last[i] },
      lo: { us: Math.round(r.minTs[i]! * 1000), v: r.min[i] },
      hi: { us: Math.round(r.maxTs[i]! * 1000), v: r.max[i] },
    },
  ]);
}

const T0 = Date.UTC(2026, 0, 1);
let ws: Workspace;
let ingestor: Ingestor;
let nextMachine = 0;

beforeAll(async () => {
  ws = await Workspace.open(':memory:');
  ingestor = await Ingestor.create(ws);
});
afterAll(() => ws.close());

/** Stores points as a fresh series, in several batches so rollups get partial rows too. */
async function storeSeries(points: Point[], batches: number) {
  const machine = `M-${nextMachine++}`;
  const per = Math.ceil(points.length / batches);
  for (let b = 0; b < batches; b++) {
    const slice = points.slice(b * per, (b + 1) * per);
    const batch = allocateBatch(slice.length, [machine], ['x']);
    slice.forEach((p, i) => {
      batch.ts[i] = p.us / 1000;
      batch.value[i] = p.v;
    });
    batch.length = slice.length;
    await ingestor.ingest(batch, { source: 'test' });
  }
  return resolveSeries(ingestor.catalog, machine, 'x');
}

const pointArb = fc.record({
  // Integer milliseconds over ~3 hours, with duplicates likely: ties are part of the contract.
  us: fc.integer({ min: 0, max: 3 * 3600 * 1000 }).map((ms) => (T0 + ms) * 1000),
  // Few distinct values, so equal extremes in one bucket (the tie rules) are common.
  v: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -400, max: 400 })).map((x) => x / 4),
});

describe('M4', () => {
  it('equals a brute-force computation on every level', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(pointArb, { minLength: 1, maxLength: 400, size: 'large' }),
        fc.integer({ min: 1, max: 4 }),
        fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 300 })),
        fc.constantFrom<M4Level | undefined>(undefined, 'raw', '1s', '1m'),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (points, batches, buckets, level, a, b) => {
          const series = await storeSeries(points, batches);
          const lo = T0 - 60_000 + Math.min(a, b) * 3.2 * 3600_000;
          const hi = lo + 1 + Math.abs(a - b) * 3.2 * 3600_000;
          const result = await m4(ws, series, { from: lo, to: hi, buckets, level });
          if (!level) expect(result.level).toBe(chooseLevel(lo, hi, buckets));
          const expected = brute(points, result.startUs, result.endUs, buckets, result.gridUs);
          expect(asRows(result)).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('uses a rollup for wide buckets and raw readings for narrow ones', () => {
    expect(chooseLevel(0, 86_400_000 * 30, 2000)).toBe('1m');
    expect(chooseLevel(0, 3_600_000, 200)).toBe('1s');
    expect(chooseLevel(0, 60_000, 2000)).toBe('raw');
  });

  it('rejects an empty range and absurd bucket counts', async () => {
    const series = await storeSeries([{ us: T0 * 1000, v: 1 }], 1);
    await expect(m4(ws, series, { from: 10, to: 10, buckets: 10 })).rejects.toThrow(/from < to/);
    await expect(m4(ws, series, { from: 0, to: 10, buckets: 0 })).rejects.toThrow(/bucket count/);
    await expect(m4(ws, series, { from: 0, to: 10, buckets: 1e9 })).rejects.toThrow(/bucket count/);
  });
});
