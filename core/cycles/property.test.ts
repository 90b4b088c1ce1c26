import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../sim';
import { CycleDetector, detectCycles } from './detector';
import { pressSignal } from './sim-truth';
import type { Cycle, CycleOptions } from './types';

const T0 = Date.UTC(2026, 2, 1);

interface Signal {
  ts: Float64Array;
  values: Float64Array;
}

/**
 * Random load-cycle-like signals: alternating idle and load stretches of random length and level
 * with first-order-ish edges, noise, single-sample spikes and the odd dropout (a jump in time).
 */
const signalArb = fc
  .record({
    seed: fc.integer({ min: 0, max: 1e6 }),
    stretches: fc.array(fc.integer({ min: 3, max: 400 }), { minLength: 2, maxLength: 40 }),
    noise: fc.double({ min: 0, max: 0.6, noNaN: true }),
    idle: fc.double({ min: -2, max: 2, noNaN: true }),
    load: fc.double({ min: 5, max: 15, noNaN: true }),
    startLoaded: fc.boolean(),
  })
  .map(({ seed, stretches, noise, idle, load, startLoaded }) => synthesize(seed, stretches, noise, idle, load, startLoaded));

function synthesize(seed: number, stretches: number[], noise: number, idle: number, load: number, startLoaded: boolean): Signal {
  const rng = Random.stream(seed, 0, 'property');
  const ts: number[] = [];
  const values: number[] = [];
  let t = T0;
  let level = startLoaded ? load : idle;
  stretches.forEach((length, k) => {
    const target = (k % 2 === 0) === startLoaded ? load + rng.uniform(-1, 1) : idle;
    for (let j = 0; j < length; j++) {
      level += (target - level) * 0.3;
      let x = level + rng.normal(0, noise);
      if (rng.chance(0.003)) x += rng.uniform(-6, 6);
      values.push(x);
      ts.push(t);
      t += rng.chance(0.002) ? rng.int(1, 50) * 100 : 100;
    }
  });
  return { ts: Float64Array.from(ts), values: Float64Array.from(values) };
}

/** Cuts [0, n) at the given fractions into chunks pushed one by one. */
function online(signal: Signal, cuts: number[], options: CycleOptions): Cycle[] {
  const n = signal.ts.length;
  const points = [...new Set(cuts.map((c) => Math.floor(c * n)))].sort((a, b) => a - b);
  const d = new CycleDetector(options);
  const out: Cycle[] = [];
  let from = 0;
  for (const to of [...points, n]) {
    out.push(...d.push(signal.ts.subarray(from, to), signal.values.subarray(from, to)));
    from = to;
  }
  return [...out, ...d.finish()];
}

const MODES: [string, CycleOptions][] = [
  ['auto', { warmupMs: 10_000 }],
  ['fixed', { threshold: 4, minGapMs: 800, minDurationMs: 300 }],
];

describe('properties', () => {
  for (const [mode, options] of MODES) {
    it(`${mode}: online (any chunking) equals batch, cycle for cycle and bit for bit`, () => {
      fc.assert(
        fc.property(signalArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }), (signal, cuts) => {
          expect(online(signal, cuts, options)).toEqual(detectCycles(signal.ts, signal.values, options));
        }),
        { numRuns: 150 },
      );
    });

    it(`${mode}: cycles are ordered, disjoint and inside the data`, () => {
      fc.assert(
        fc.property(signalArb, (signal) => {
          const cycles = detectCycles(signal.ts, signal.values, options);
          let last = -1;
          for (const c of cycles) {
            expect(c.startIndex).toBeGreaterThan(last);
            expect(c.endIndex).toBeGreaterThanOrEqual(c.startIndex);
            expect(c.endIndex).toBeLessThan(signal.ts.length);
            expect(c.metrics.start).toBe(signal.ts[c.startIndex]);
            expect(c.metrics.end).toBe(signal.ts[c.endIndex]);
            expect(c.metrics.samples).toBe(c.endIndex - c.startIndex + 1);
            expect(c.metrics.min).toBeLessThanOrEqual(c.metrics.median);
            expect(c.metrics.median).toBeLessThanOrEqual(c.metrics.max_point);
            last = c.endIndex;
          }
        }),
        { numRuns: 150 },
      );
    });
  }

  it('fixed: the segmentation of concatenated signals is the concatenation of their segmentations', () => {
    const options = { threshold: 4, minGapMs: 800 };
    // Both parts start and end idle for longer than the gap, the look-ahead horizon and the baseline window.
    const padded = signalArb.map((s) => pad(s, 250));
    fc.assert(
      fc.property(padded, padded, (a, b) => {
        const shiftedB = { ts: b.ts.map((t) => t - b.ts[0]! + a.ts[a.ts.length - 1]! + 100), values: b.values };
        const joined = {
          ts: Float64Array.from([...a.ts, ...shiftedB.ts]),
          values: Float64Array.from([...a.values, ...shiftedB.values]),
        };
        const whole = detectCycles(joined.ts, joined.values, options);
        const parts = [
          ...detectCycles(a.ts, a.values, options),
          ...detectCycles(shiftedB.ts, shiftedB.values, options).map((c) => ({ ...c, startIndex: c.startIndex + a.ts.length, endIndex: c.endIndex + a.ts.length })),
        ];
        expect(whole.length).toBe(parts.length);
        whole.forEach((c, i) => {
          const p = parts[i]!;
          expect([c.startIndex, c.endIndex]).toEqual([p.startIndex, p.endIndex]);
          // Everything measured on the cycle's own samples (and the idle before it) is identical;
          // only the links to a previous cycle differ where a part begins.
          const { idle_before_s: _i, period_s: _p, ...own } = c.metrics;
          const { idle_before_s: _j, period_s: _q, ...ownPart } = p.metrics;
          expect(own).toEqual(ownPart);
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('auto mode, cut and rejoined', () => {
  it('finds the same cycles in the two halves of a signal as in the whole, boundaries within 2 samples but for a rare edge', () => {
    // Auto mode learns its levels from the data: each half warms up on its own, so a boundary may
    // move within the accuracy tolerance where a level estimate differs; which cycles are found
    // may not change.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0.3, max: 0.7, noNaN: true }), (seed, at) => {
        const signal = pressSignal(seed, 2 * 3_600_000);
        const { ts, values, truth } = signal;
        // Cut where both halves begin and end idle: 12 s into an idle stretch of at least 15 s
        // (the press coasts down for about 10 s) near the chosen point.
        const after = ts[Math.floor(at * ts.length)]!;
        const k = truth.findIndex((c, i) => i > 0 && c.start > after && c.start - truth[i - 1]!.end >= 15_000);
        const cutTime = truth[k - 1]!.end + 12_000;
        const cut = ts.findIndex((t) => t >= cutTime);
        const whole = detectCycles(ts, values);
        const parts = [
          ...detectCycles(ts.subarray(0, cut), values.subarray(0, cut)),
          ...detectCycles(ts.subarray(cut), values.subarray(cut)).map((c) => ({ ...c, startIndex: c.startIndex + cut, endIndex: c.endIndex + cut })),
        ];
        expect(parts.length).toBe(whole.length);
        const moved = whole.flatMap((c, i) => [Math.abs(c.startIndex - parts[i]!.startIndex), Math.abs(c.endIndex - parts[i]!.endIndex)]);
        // The accuracy contract is 99 % of edges within 2 samples of the truth, so a rare edge
        // (seed 486: a dropout exactly at the fall's corner) may move further, but never by a second.
        expect(moved.filter((d) => d > 2).length).toBeLessThanOrEqual(Math.ceil(0.02 * moved.length));
        expect(Math.max(0, ...moved)).toBeLessThanOrEqual(10);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 16), examples: [[486, 0.3]] },
    );
  });
});

/** Surrounds a signal with `samples` of quiet idle (at -1, well below any threshold) each side. */
function pad(s: Signal, samples: number): Signal {
  const n = s.ts.length;
  const ts = new Float64Array(n + 2 * samples);
  const values = new Float64Array(n + 2 * samples).fill(-1);
  for (let i = 0; i < samples; i++) ts[i] = s.ts[0]! - (samples - i) * 100;
  ts.set(s.ts, samples);
  values.set(s.values, samples);
  for (let i = 0; i < samples; i++) ts[samples + n + i] = s.ts[n - 1]! + (i + 1) * 100;
  return { ts, values };
}
