import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servolab, sqlRows } from '../support/cli';
import { kcatAvailable, kcatProduce, startMockCluster, type MockCluster } from '../kafka/mock-cluster';
import { budget, random, runAndKill, SEED, Tally, tempDir, TRIALS } from './trial';

/**
 * kill -9 during Kafka consumption (kcat's mock cluster). Readings and the partition checkpoints
 * commit in one transaction and the workspace's checkpoints decide where a restart resumes, so
 * after any number of kills every message is stored exactly once.
 */
const available = await kcatAvailable();
if (!available) console.warn('skipping the Kafka crash trials: kcat is not installed (apt-get install kcat)');

/** Messages produced before each trial: a second or two of work for the consumer. */
const PER_TRIAL = 40_000;
/** Keyed by machine (4 of them) over the topic's partitions, one sensor, value = message number. */
const message = (i: number) => `m${i % 4}\t{"ts":${1772323200000 + i},"machine":"m${i % 4}","sensor":"s","value":${i}}`;
/** consume prints `… N messages, M readings stored` as soon as the first messages are in (not with --json). */
const PROGRESS = /^… [1-9]\d* messages/m;

let cluster: MockCluster;

describe.skipIf(!available)('crash: kill -9 during Kafka consumption', () => {
  beforeAll(async () => {
    cluster = await startMockCluster();
  });
  afterAll(() => cluster?.stop());

  it(`stores every produced message exactly once (${TRIALS} trials)`, async () => {
    const dir = tempDir('kafka');
    const db = join(dir, 'kafka.duckdb');
    const topic = `crash-${process.pid}`;
    const group = `crash-${process.pid}`;
    const total = TRIALS * PER_TRIAL;
    const consume = (group: string) => ['kafka', 'consume', '--brokers', cluster.bootstrap, '--topic', topic, '--group', group, '--format', 'long', '--db', db];
    const rand = random(SEED + 3);
    const tally = new Tally('kafka');

    let stored = 0;
    for (let trial = 1; trial <= TRIALS; trial++) {
      const from = (trial - 1) * PER_TRIAL;
      kcatProduce(cluster.bootstrap, topic, Array.from({ length: PER_TRIAL }, (_, j) => message(from + j)), true);
      // Odd trials restart the same group, as a user would (the join waits out the killed member's
      // 10 s session); even ones come back as a new group from the earliest offset, where only the
      // workspace's checkpoints keep what is stored from being stored again.
      const trialGroup = trial % 2 ? group : `${group}-${trial}`;
      const delayMs = rand() * 600;
      const run = await runAndKill([...consume(trialGroup), '--until-idle', '60s'], { ready: PROGRESS, delayMs });
      const what = `trial ${trial} (seed ${SEED}, ${trialGroup === group ? 'same group' : 'new group'}, delay ${Math.round(delayMs)} ms after the first messages)`;
      expect(run.killed, `${what}: exited on its own (${run.code}): ${run.stderr}`).toBe(true);
      // Reopens, and nothing is stored twice: every value (message number) at most once.
      const [[n, distinct]] = (await sqlRows<[number, number]>(db, 'SELECT count(*), count(DISTINCT value) FROM readings')) as [[number, number]];
      expect(n, `${what}: duplicates`).toBe(distinct);
      expect(n, `${what}: more rows than produced`).toBeLessThanOrEqual(from + PER_TRIAL);
      expect(n, `${what}: fewer rows than before`).toBeGreaterThanOrEqual(stored);
      tally.add(trial, run, delayMs, `${trialGroup === group ? 'same' : 'new'} group, ${n - stored} stored, ${n}/${from + PER_TRIAL} in all`);
      stored = n;
    }
    tally.print();

    // Uninterrupted, the same group drains the rest: exactly the produced messages, once each.
    // --max ends it once they are in; the long idle outlasts a rebalance (the last killed member's
    // 10 s session), during which nothing arrives and a short idle would stop the drain early.
    // (When the trials happened to store everything, there is nothing left to drain.)
    if (stored < total) {
      const rest = await servolab(...consume(group), '--max', String(total - stored), '--until-idle', '30s', '--json');
      expect(rest.code, rest.stderr).toBe(0);
      expect(JSON.parse(rest.stdout).stored).toBe(total - stored);
    }
    const [[n, distinct, low, high]] = (await sqlRows<number[]>(db, 'SELECT count(*), count(DISTINCT value), min(value), max(value) FROM readings')) as [number[]];
    expect([n, distinct, low, high]).toEqual([total, total, 0, total - 1]);
  }, budget(60_000, 25_000));
});
