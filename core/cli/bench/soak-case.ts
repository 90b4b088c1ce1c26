import { join } from 'node:path';
import { runSoak, SOAK_TARGET_MB_PER_10_MIN } from '../../soak';
import { round, type BenchCase } from './harness';

/**
 * `soak`: the live path (press simulation → ingest → rollups → live cycles → live scoring by a
 * quick series model → a session's live feed) at 50,000 readings/s for 10 minutes, sampling RSS
 * every 10 s (--quick: 25 s at 10,000 readings/s, every 2 s). The figure is the RSS growth over
 * 10 minutes extrapolated from the least-squares slope after a 1-minute warm-up (5 s quick);
 * the reference is the RSS at the end of the warm-up, and the ratio that RSS over the RSS
 * projected 10 minutes later (1 = flat). It runs in the bench's own process, after any cases
 * before it, so the reference includes what they left; the slope after warm-up is what counts.
 */
export const soakCase: BenchCase = {
  name: 'soak',
  description: 'live simulation + ingest + cycles + scoring + live feed at 50,000 readings/s, RSS slope over 10 min after a 2 min warm-up',
  async run(ctx) {
    const quick = ctx.quick;
    const options = quick
      ? { durationMs: 25_000, rate: 10_000, sampleEveryMs: 2_000, warmupMs: 5_000 }
      : { durationMs: 720_000, rate: 50_000, sampleEveryMs: 10_000, warmupMs: 120_000 };
    ctx.log(`soak: ${options.rate} readings/s for ${options.durationMs / 1000} s, sampling every ${options.sampleEveryMs / 1000} s`);
    const r = await runSoak({
      ...options,
      db: join(ctx.dir, 'soak.duckdb'),
      onStatus: (line) => ctx.log(`soak: ${line}`),
      onSample: (s) => ctx.log(`soak: t=${s.t.toFixed(0)} s  rss ${(s.rss / 1048576).toFixed(1)} MB  heap ${(s.heapUsed / 1048576).toFixed(1)} MB  readings ${s.readings}`),
    });
    const value = r.slopeMbPer10Min ?? NaN;
    const reference = r.referenceRssMb ?? NaN;
    return [
      {
        case: 'soak',
        value: round(value),
        unit: 'MB/10 min',
        reference: round(reference),
        ratio: round(reference / (reference + value)),
        target: `< ${SOAK_TARGET_MB_PER_10_MIN} MB per 10 min at >= 90% of ${options.rate} readings/s`,
        pass: r.pass,
        details: {
          rate: r.rate,
          achievedRate: r.achievedRate,
          achievedRateAfterWarmup: r.achievedRateAfterWarmup,
          machines: r.machines,
          speed: r.speed,
          durationS: options.durationMs / 1000,
          warmupS: options.warmupMs / 1000,
          growthMb: r.growthMb,
          slopeMbPerMin: r.slopeMbPerMin,
          heapSlopeMbPer10Min: r.heapSlopeMbPer10Min,
          duckdbSlopeMbPer10Min: r.duckdbSlopeMbPer10Min,
          live: r.live,
          series: r.samples.map((s) => ({ t: round(s.t), rssMb: round(s.rss / 1048576), heapUsedMb: round(s.heapUsed / 1048576), duckdbMb: round(s.duckdb / 1048576), readings: s.readings })),
        },
      },
    ];
  },
};
