import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlRows } from '../support/cli';
import { budget, random, removeWorkspace, runAndKill, SEED, Tally, tempDir, TRIALS } from './trial';

/**
 * kill -9 during a simulator backfill. A backfill commits whole-minute batches (readings, rollups
 * and events in one transaction each), so after any kill the workspace reopens and holds only
 * complete minutes, each exactly as every other run of the same seed wrote it.
 */
const args = (db: string) => ['simulate', '--db', db, '--profile', 'servo', '--machines', '20', '--duration', '6h', '--seed', '7', '--start', '2026-03-01T00:00:00Z'];
/** simulate prints `… P%  N readings` (at most once a second) once batches are committing. */
const reached = (percent: number) => (stderr: string) => [...stderr.matchAll(/^… (\d+)%/gm)].some((m) => Number(m[1]) >= percent);
/** 20 machines × 3 sensors × 10 Hz × 60 s, in every minute of the 6 h. */
const PER_MINUTE = 36_000;

/**
 * One reopen answers everything: totals (rollups are written in each batch's transaction, so their
 * counts always equal the readings'), then per minute the readings and an order-independent
 * fingerprint of them (exact, unlike a float sum). No readings: one row with a null minute.
 */
const CHECK = `WITH totals AS (SELECT (SELECT count(*) FROM readings) AS readings, (SELECT coalesce(sum(n), 0) FROM rollup_1s) AS n1s,
    (SELECT coalesce(sum(n), 0) FROM rollup_1m) AS n1m, (SELECT count(*) FROM machines) AS machines, (SELECT count(*) FROM sensors) AS sensors),
  minutes AS (SELECT epoch_ms(time_bucket(INTERVAL 1 minute, ts)) AS minute, count(*) AS n, sum(hash(ts, machine, sensor, value))::VARCHAR AS h
    FROM readings GROUP BY minute)
  SELECT t.*, m.minute, m.n || '/' || m.h FROM totals t LEFT JOIN minutes m ON true ORDER BY m.minute`;

async function check(db: string) {
  const rows = await sqlRows<[number, number, number, number, number, number | null, string | null]>(db, CHECK);
  const [readings, n1s, n1m, machines, sensors] = rows[0]!;
  const minutes = rows.filter((r) => r[5] !== null).map((r) => [r[5]!, r[6]!] as const);
  return { readings, n1s, n1m, machines, sensors, minutes };
}

describe('crash: kill -9 during simulate backfill', () => {
  it(`keeps only whole, seed-exact batches (${TRIALS} trials)`, async () => {
    const dir = tempDir('simulate');
    const rand = random(SEED + 1);
    const tally = new Tally('simulate');

    /** Every minute any run stored, by its `count/fingerprint`: the same seed must give the same data. */
    const seen = new Map<number, string>();

    for (let trial = 1; trial <= TRIALS; trial++) {
      const db = join(dir, `trial-${trial}.duckdb`);
      // Every fourth trial dies early (opening, migrating, defining sensors, the first batches);
      // the others once the progress reaches a random percentage, plus up to a second (progress
      // lines come once a second), so the kill lands anywhere in the run, and after the
      // machine's current speed.
      const early = trial % 4 === 0;
      const percent = Math.floor(rand() * 95);
      const delayMs = rand() * (early ? 1500 : 1000);
      const run = await runAndKill(args(db), early ? { delayMs } : { ready: reached(percent), delayMs });
      const what = `trial ${trial} (seed ${SEED}, ${early ? 'early' : `at ${percent}%`} + ${Math.round(delayMs)} ms, ${run.killed ? 'killed' : 'finished'})`;
      if (!run.killed) expect(run.code, `${what}: ${run.stderr}`).toBe(0);
      if (!existsSync(db)) {
        // Killed before the workspace file was created: nothing to reopen.
        expect(run.killed, what).toBe(true);
        tally.add(trial, run, delayMs, 'before the workspace existed');
        continue;
      }
      const { readings, n1s, n1m, machines, sensors, minutes } = await check(db);
      expect([n1s, n1m], `${what}: rollup counts vs ${readings} readings`).toEqual([readings, readings]);
      if (readings > 0) expect([machines, sensors], what).toEqual([20, 3]);
      for (const [minute, counted] of minutes) {
        const at = `${what}: minute ${new Date(minute).toISOString()}`;
        expect(Number(counted.split('/')[0]), `${at} is incomplete`).toBe(PER_MINUTE);
        expect(counted, `${at} differs from another run's`).toBe(seen.get(minute) ?? counted);
        seen.set(minute, counted);
      }
      if (!run.killed) expect(minutes.length, what).toBe(360);
      tally.add(trial, run, delayMs, `${early ? 'early' : `at ${percent}%`}, ${minutes.length}/360 minutes`);
      removeWorkspace(db);
    }
    tally.print();
    if (TRIALS >= 5) expect(tally.killed, 'no trial was killed mid-run: the kill window is off').toBeGreaterThan(0);
  }, budget(90_000, 25_000));
});
