import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servolab, sqlRows } from '../support/cli';
import { budget, random, runAndKill, SEED, Tally, tempDir, TRIALS } from './trial';

/**
 * kill -9 during model training (`train --db`, the shipped AI4I table). A finished run writes its
 * `runs` row and its model version (params, features, metrics, data range, artifact) in one
 * transaction; a failed one only a `runs` row with its error. So after any kill the registry holds
 * only complete entries, and the next training stores the next version.
 */
const AI4I = join(import.meta.dirname, '..', '..', 'resources', 'data', 'ai4i2020.csv');
const TRAIN = ['train', '--table', 'ai4i2020', '--label', 'Machine failure', '--drop', 'UDI,Product ID,TWF,HDF,PWF,OSF,RNF', '--trees', '40', '--seed', '1'];

/**
 * Registry rows that are not complete, by what is wrong with them: a finished run without its
 * model version (or metrics, or end), a failed run without its error, a run in any other state,
 * a model version without its artifact, params, features, metrics, data range, or finished run.
 */
const INCOMPLETE = `
  SELECT 'run ' || id || ': finished without its model, metrics or end' FROM runs r WHERE status = 'finished' AND (metrics IS NULL OR finished_at IS NULL
    OR NOT EXISTS (SELECT 1 FROM models m WHERE m.run_id = r.id AND m.name || '@' || m.version = r.model))
  UNION ALL SELECT 'run ' || id || ': failed without its error or end' FROM runs WHERE status = 'failed' AND (error IS NULL OR finished_at IS NULL)
  UNION ALL SELECT 'run ' || id || ': status ' || status FROM runs WHERE status NOT IN ('finished', 'failed')
  UNION ALL SELECT 'model ' || name || '@' || version || ': incomplete' FROM models m WHERE artifact IS NULL OR octet_length(artifact) = 0
    OR params IS NULL OR features IS NULL OR metrics IS NULL OR data IS NULL OR created_at IS NULL OR run_id IS NULL
    OR NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = m.run_id AND r.status = 'finished' AND r.model = m.name || '@' || m.version)`;

/** One reopen: what is incomplete, then how many versions there are and the newest. */
async function registry(db: string) {
  const rows = await sqlRows<[string | null, number | null, number | null]>(
    db,
    `SELECT why, NULL, NULL FROM (${INCOMPLETE}) AS t(why) UNION ALL SELECT NULL, count(*), coalesce(max(version), 0) FROM models WHERE name = 'ai4i2020'`,
  );
  const [, versions, latest] = rows.find(([why]) => why === null)!;
  return { incomplete: rows.flatMap(([why]) => (why === null ? [] : [why])), versions: versions!, latest: latest! };
}

describe('crash: kill -9 during model training', () => {
  it(`leaves no half-written run or model in the registry (${TRIALS} trials)`, async () => {
    const dir = tempDir('train');
    const db = join(dir, 'lab.duckdb');
    expect((await servolab('import', AI4I, '--db', db)).code).toBe(0);
    const rand = random(SEED + 4);
    const tally = new Tally('train');
    /** Versions stored by a run that was killed afterwards (while closing the workspace). */
    const survivors: number[] = [];

    // An uninterrupted training: the kill window, and a first model version in the registry.
    const ref = await runAndKill([...TRAIN, '--db', db, '--json'], { delayMs: Infinity });
    expect(ref.code, ref.stderr).toBe(0);
    expect(JSON.parse(ref.stdout).model).toBe('ai4i2020@1');

    let before = await registry(db);
    // The latest uninterrupted training's length: the machine's load changes while the suite runs.
    let lastRunMs = ref.totalMs;
    for (let trial = 1; trial <= TRIALS; trial++) {
      // Odd trials anywhere (opening, loading the table, training in the workers); even ones at
      // the end, where the run and its model are stored and the workspace closes.
      const delayMs = lastRunMs * (trial % 2 ? 0.1 + 0.9 * rand() : 0.8 + 0.35 * rand());
      const run = await runAndKill([...TRAIN, '--db', db, '--json'], { delayMs });
      const what = `trial ${trial} (seed ${SEED}, delay ${Math.round(delayMs)} ms, ${run.killed ? 'killed' : 'finished'})`;
      if (!run.killed) expect(run.code, `${what}: ${run.stderr}`).toBe(0);
      expect(existsSync(db)).toBe(true);
      const after = await registry(db);
      expect(after.incomplete, what).toEqual([]);
      // A killed run stored its version or nothing, one that finished stored it; versions stay 1..n.
      expect(run.killed ? [0, 1] : [1], what).toContain(after.versions - before.versions);
      expect(after.latest, what).toBe(after.versions);
      if (run.killed && after.versions > before.versions) survivors.push(after.latest);

      // Training afterwards works and stores the next version, complete.
      const next = await runAndKill([...TRAIN, '--db', db, '--json'], { delayMs: Infinity });
      expect(next.code, `${what}: the next training failed: ${next.stderr}`).toBe(0);
      lastRunMs = next.totalMs;
      expect(JSON.parse(next.stdout).model, what).toBe(`ai4i2020@${after.latest + 1}`);
      tally.add(trial, run, delayMs, after.versions > before.versions ? 'its model was stored' : 'nothing stored');
      before = { ...after, versions: after.versions + 1, latest: after.latest + 1 };
    }
    const final = await registry(db);
    expect(final.incomplete).toEqual([]);
    // Those versions and the newest read back: the artifact unzips and parses as a model file.
    for (const version of [...survivors, final.latest]) {
      const exported = await servolab('models', '--db', db, '--export', `ai4i2020@${version}`, '--out', join(dir, `v${version}.json`));
      expect(exported.code, exported.stderr).toBe(0);
    }
    tally.print();
    if (TRIALS >= 5) expect(tally.killed, 'no trial was killed mid-run: the kill window is off').toBeGreaterThan(0);
  }, budget(60_000, 20_000));
});
