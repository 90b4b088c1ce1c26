import { CycleDetector, detectCycles } from '../../cycles';
import { scoreCycles } from '../../cycles/score';
import { pressSignal } from '../../cycles/sim-truth';
import { median, round, type BenchCase, type BenchResult } from './harness';

const BATCH_TARGET = 50_000_000;
const ONLINE_TARGET = 10_000_000;
/** Samples per push in the online figure: 100 s of one series at 10 Hz, a typical live batch's worth. */
const CHUNK = 1000;
/** The reference's threshold: half-way between the press profile's idle and loaded levels. */
const REFERENCE_THRESHOLD = 6;

/**
 * `cycles`: load-cycle segmentation with all per-cycle metrics over one simulated press series
 * (10 M samples at 10 Hz, about 13,000 cycles; 2 M with --quick), already in memory (no DB read).
 * Batch is the detector fed the whole array; online the same detector fed 1,000-sample chunks.
 * Reference, same array, same run: a plain threshold-crossing scan (one comparison per sample,
 * no metrics) — the floor any segmentation costs. The accuracy against the simulator's ground
 * truth is reported alongside.
 */
export const cyclesCase: BenchCase = {
  name: 'cycles',
  description: 'segment a 10M-sample press series with all metrics, batch and online, vs a threshold-crossing scan',
  async run(ctx) {
    const samples = ctx.quick ? 2_000_000 : 10_000_000;
    const runs = ctx.quick ? 3 : 5;
    const generated = performance.now();
    const signal = pressSignal(11, samples * 100);
    const { ts, values } = signal;
    const n = ts.length;
    ctx.log(`cycles: ${n} press samples generated in ${((performance.now() - generated) / 1000).toFixed(1)} s`);

    const reference = () => crossings(values, REFERENCE_THRESHOLD);
    const batch = () => detectCycles(ts, values);
    const fixed = () => detectCycles(ts, values, { threshold: REFERENCE_THRESHOLD, minGapMs: 1000 });
    const online = () => {
      const d = new CycleDetector();
      for (let i = 0; i < n; i += CHUNK) d.push(ts.subarray(i, i + CHUNK), values.subarray(i, i + CHUNK));
      d.finish();
    };
    // Every path once before any is timed, so none runs on colder JIT code than another.
    for (const fn of [reference, batch, fixed, online]) fn();
    const time = (fn: () => unknown): number => {
      const ms: number[] = [];
      for (let r = 0; r < runs; r++) {
        const t = performance.now();
        fn();
        ms.push(performance.now() - t);
      }
      return median(ms);
    };
    const referenceMs = time(reference);
    const batchMs = time(batch);
    const fixedMs = time(fixed);
    const onlineMs = time(online);

    const cycles = detectCycles(ts, values);
    const score = scoreCycles(
      signal.truth,
      cycles.map((c) => c.metrics),
      signal.periodMs,
      ts[0]!,
      ts[n - 1]!,
    );
    const rate = (ms: number) => n / (ms / 1000);
    const referenceRate = rate(referenceMs);
    const details = {
      samples: n,
      cycles: cycles.length,
      runs,
      fixedModeRate: round(rate(fixedMs)),
      accuracy: {
        foundPct: round(score.foundPct),
        falsePct: round(score.falsePct),
        within2SamplesPct: round(score.withinTolerancePct),
        maxBoundaryError: Math.max(score.maxStartError, score.maxEndError),
      },
    };
    const result = (name: string, ms: number, target: number, extra: Record<string, unknown>): BenchResult => ({
      case: name,
      value: round(rate(ms)),
      unit: 'samples/s',
      reference: round(referenceRate),
      ratio: round(rate(ms) / referenceRate),
      target: `>= ${target} samples/s`,
      pass: rate(ms) >= target,
      details: { ...details, ...extra },
    });
    return [result('cycles', batchMs, BATCH_TARGET, { mode: 'batch' }), result('cycles-online', onlineMs, ONLINE_TARGET, { mode: 'online', chunk: CHUNK })];
  },
};

/** The reference: count crossings of a fixed threshold, nothing else. */
function crossings(values: Float64Array, threshold: number): number {
  let count = 0;
  let above = values[0]! > threshold;
  for (let i = 1; i < values.length; i++) {
    const now = values[i]! > threshold;
    if (now !== above) {
      count++;
      above = now;
    }
  }
  return count;
}
