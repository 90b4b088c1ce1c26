import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlRows } from '../support/cli';
import { budget, random, removeWorkspace, runAndKill, SEED, Tally, tempDir, TRIALS } from './trial';

/**
 * kill -9 during a large file import. An import is one transaction — readings, rollups,
 * quarantine and its `imports` history row — so after any kill it is either fully present or
 * absent, and importing the file again then gives exactly its rows.
 */
/** ServoSense layout, 3 sensors a record: 2.1 M readings from a 33 MB file. */
const RECORDS = 700_000;
const READINGS = RECORDS * 3;
/** Every 1000th record has an unreadable temperature: quarantined whole (one row) with the import. */
const BAD = 1_000;

async function writeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  const t0 = Date.UTC(2026, 2, 1);
  let lines: string[] = ['event_time,machine_id,temperature,vibration,rpm'];
  for (let i = 0; i < RECORDS; i++) {
    const temperature = i % BAD === BAD - 1 ? 'n/a' : (60 + (i % 997) / 50).toFixed(2);
    lines.push(`${new Date(t0 + Math.floor(i / 10) * 100).toISOString()},M-${String(i % 10).padStart(3, '0')},${temperature},${((i % 89) / 100).toFixed(2)},${1000 + (i % 500)}`);
    if (lines.length === 10_000) {
      if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain');
      lines = [];
    }
  }
  out.end(lines.length ? lines.join('\n') + '\n' : '');
  await once(out, 'finish');
}

/** Everything an import writes, in one reopen. */
const STATE = `SELECT (SELECT count(*) FROM readings), (SELECT coalesce(sum(n), 0) FROM rollup_1s), (SELECT coalesce(sum(n), 0) FROM rollup_1m),
  (SELECT count(*) FROM quarantine), (SELECT count(*) FROM imports), (SELECT coalesce(sum(imported), 0) FROM imports),
  (SELECT coalesce(sum(quarantined), 0) FROM imports)`;
const ABSENT = [0, 0, 0, 0, 0, 0, 0];
const quarantined = RECORDS / BAD;
const stored = READINGS - 3 * quarantined;
const PRESENT = [stored, stored, stored, quarantined, 1, stored, quarantined];

const state = async (db: string) => (await sqlRows<number[]>(db, STATE))[0]!;

describe('crash: kill -9 during a large file import', () => {
  it(`leaves the import whole or absent, and a re-run imports it exactly (${TRIALS} trials)`, async () => {
    const dir = tempDir('import');
    const csv = join(dir, 'sensors.csv');
    await writeCsv(csv);
    const rand = random(SEED + 2);
    const tally = new Tally('import');

    // The uninterrupted import: the expected state and the kill window.
    const refDb = join(dir, 'reference.duckdb');
    const ref = await runAndKill(['import', csv, '--db', refDb], { delayMs: Infinity });
    expect(ref.code, ref.stderr).toBe(0);
    expect(await state(refDb)).toEqual(PRESENT);

    // The latest uninterrupted import's length: the machine's load changes while the suite runs.
    let lastRunMs = ref.totalMs;
    for (let trial = 1; trial <= TRIALS; trial++) {
      const db = join(dir, `trial-${trial}.duckdb`);
      // Odd trials anywhere in the run (opening, hashing, reading, storing); even ones in its last
      // quarter, where the commit and the checkpoint on close happen.
      const delayMs = lastRunMs * (trial % 2 ? 0.05 + 0.9 * rand() : 0.75 + 0.3 * rand());
      const run = await runAndKill(['import', csv, '--db', db], { delayMs });
      const what = `trial ${trial} (seed ${SEED}, delay ${Math.round(delayMs)} ms, ${run.killed ? 'killed' : 'finished'})`;
      if (!run.killed) expect(run.code, `${what}: ${run.stderr}`).toBe(0);
      const after = existsSync(db) ? await state(db) : ABSENT;
      if (!run.killed) expect(after, what).toEqual(PRESENT);
      else expect([ABSENT, PRESENT], `${what}: half applied: ${JSON.stringify(after)}`).toContainEqual(after);
      const present = after[4] === 1;

      // Import again: an absent import now goes in exactly; a present one is refused as a re-import.
      const again = await runAndKill(['import', csv, '--db', db, '--json'], { delayMs: Infinity });
      if (present) {
        expect(again.code, what).toBe(1);
        expect(again.stderr, what).toMatch(/already imported/);
      } else {
        expect(again.code, `${what}: ${again.stderr}`).toBe(0);
        expect(JSON.parse(again.stdout), what).toMatchObject({ imported: stored, quarantined });
        lastRunMs = again.totalMs;
      }
      expect(await state(db), what).toEqual(PRESENT);
      tally.add(trial, run, delayMs, present ? 'import was complete' : 'import was absent');
      removeWorkspace(db);
    }
    tally.print();
    if (TRIALS >= 5) expect(tally.killed, 'no trial was killed mid-run: the kill window is off').toBeGreaterThan(0);
  }, budget(90_000, 40_000));
});
