import { LabError, parseDuration } from '../../model';
import { durationOption, integerOption, optionalString } from '../args';
import type { Command } from '../command';
import { printJson } from '../output';

const MAX_DURATION_MS = 7 * 86_400_000;
/** The same bounds as core/soak (500 machines × 10 Hz × speed 0.1…1000), kept here so the CLI loads the engine lazily. */
const MIN_RATE = 1;
const MAX_RATE = 5_000_000;
const MB = 1024 * 1024;

/**
 * `servolab soak`: the live path (simulation → ingest → rollups → live cycles → live scoring →
 * a UI-like live feed) at a fixed rate for a while, sampling memory; see core/soak.
 */
export const soakCommand: Command = {
  name: 'soak',
  summary: 'run the live path at R readings/s for a while and report the memory trend',
  usage: 'servolab soak --duration DUR --rate R [--sample 10s] [--warmup 2m] [--db FILE] [--json]',
  options: {
    duration: { type: 'string' },
    rate: { type: 'string' },
    sample: { type: 'string' },
    warmup: { type: 'string' },
    db: { type: 'string' },
  },
  async run(values, io) {
    const durationMs = durationOption(values, 'duration', MAX_DURATION_MS);
    const rate = integerOption(values, 'rate', MIN_RATE, MAX_RATE);
    const sampleEveryMs = values.sample === undefined ? Math.min(10_000, durationMs) : durationOption(values, 'sample', MAX_DURATION_MS);
    if (sampleEveryMs < 100) throw new LabError('usage', '--sample must be at least 100ms');
    if (sampleEveryMs > durationMs) throw new LabError('usage', '--sample must not be longer than --duration');
    const warmupText = optionalString(values, 'warmup');
    const { runSoak, defaultWarmupMs } = await import('../../soak');
    const warmupMs = warmupText === undefined ? defaultWarmupMs(durationMs) : parseDuration(warmupText);
    if (warmupMs >= durationMs) throw new LabError('usage', '--warmup must be shorter than --duration');
    const db = optionalString(values, 'db');
    const json = values.json === true;

    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    try {
      if (!json) io.out(`${'t s'.padStart(8)}  ${'rss MB'.padStart(9)}  ${'heap MB'.padStart(9)}  ${'external MB'.padStart(11)}  ${'duckdb MB'.padStart(9)}  ${'readings'.padStart(12)}  ${'readings/s'.padStart(10)}`);
      let previous: { t: number; readings: number } | null = null;
      const result = await runSoak({
        db,
        durationMs,
        rate,
        sampleEveryMs,
        warmupMs,
        signal: controller.signal,
        onStatus: (line) => {
          if (!json) io.err(line);
        },
        onSample: (s) => {
          if (json) return;
          const perSecond = previous && s.t > previous.t ? (s.readings - previous.readings) / (s.t - previous.t) : 0;
          previous = s;
          const warm = s.t * 1000 < warmupMs ? '  (warm-up)' : '';
          io.out(
            `${s.t.toFixed(1).padStart(8)}  ${mb(s.rss).padStart(9)}  ${mb(s.heapUsed).padStart(9)}  ${mb(s.external).padStart(11)}  ${mb(s.duckdb).padStart(9)}  ${String(s.readings).padStart(12)}  ${Math.round(perSecond).toString().padStart(10)}${warm}`,
          );
        },
      });
      if (json) {
        return printJson(io, {
          ...result,
          samples: result.samples.map((s) => ({ ...s, t: Number(s.t.toFixed(3)) })),
        });
      }
      const slope = result.slopeMbPer10Min === null ? 'n/a (fewer than 2 samples after the warm-up)' : `${result.slopeMbPer10Min.toFixed(1)} MB per 10 min (${result.slopeMbPerMin!.toFixed(2)} MB/min)`;
      io.out('');
      io.out(
        `${result.cancelled ? 'cancelled after' : 'ran'} ${result.elapsedS.toFixed(1)} s: ${result.readings} readings, ${result.achievedRate} readings/s ` +
          `(asked ${rate}; ${result.machines} ${result.profile} machines at ${result.speed}×; after warm-up ${result.achievedRateAfterWarmup ?? 'n/a'}/s)`,
      );
      io.out(`live: ${result.live.frames} frames (${result.live.points} points), ${result.live.cycles} cycles, ${result.live.predictions} predictions by ${result.live.model ?? 'no model'}, ${result.live.alerts} alerts, ${result.live.errors} errors${result.live.lastError ? ` (last: ${result.live.lastError})` : ''}`);
      io.out(`RSS after warm-up: ${result.referenceRssMb?.toFixed(1) ?? 'n/a'} MB, then ${result.growthMb?.toFixed(1) ?? 'n/a'} MB measured; slope ${slope}`);
      io.out(`  of which heap ${result.heapSlopeMbPer10Min?.toFixed(1) ?? 'n/a'} and DuckDB ${result.duckdbSlopeMbPer10Min?.toFixed(1) ?? 'n/a'} MB per 10 min`);
      io.out(`target: < ${result.targetMbPer10Min} MB per 10 min at ≥ 90 % of the rate — ${result.pass ? 'pass' : 'FAIL'}`);
    } finally {
      process.off('SIGINT', onSignal);
    }
  },
};

function mb(bytes: number): string {
  return (bytes / MB).toFixed(1);
}
