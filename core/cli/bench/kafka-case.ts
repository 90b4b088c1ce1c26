import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { Ingestor } from '../../ingest/ingestor';
import { KafkaIngest } from '../../ingest/kafka/consumer';
import { encodeChunk } from '../../ingest/kafka/producer';
import { simulateChunks } from '../../ingest/simulator-chunks';
import { Workspace } from '../../store/workspace';
import { round, type BenchCase, type BenchContext } from './harness';
import { KCAT, kcatAvailable, startMockCluster } from './kafka-mock';

const exec = promisify(execFile);
const TARGET_RATE = 300_000;
const TARGET_RATIO = 0.5;
const START = Date.UTC(2026, 2, 1);

/**
 * `kafka`: steady-state Kafka → DuckDB throughput of `servo` messages (decode, validate, rows +
 * rollups + checkpoint in one transaction per batch, offset commit) against kcat (librdkafka, C)
 * draining the same topics in the same run. The mock cluster keeps only ~5 MB per partition, so
 * the data is spread over several 4-partition topics, each filled below that limit.
 */
export const kafkaCase: BenchCase = {
  name: 'kafka',
  description: 'Kafka (librdkafka mock cluster in kcat) → workspace, servo messages/s vs kcat draining the same topics',
  async run(ctx) {
    if (!(await kcatAvailable())) {
      ctx.log('kafka: skipped — kcat is not installed (apt-get install kcat); it hosts the mock cluster and is the reference');
      return [];
    }
    const topics = ctx.quick ? 2 : 8;
    const perTopic = ctx.quick ? 20_000 : 100_000;
    const cluster = await startMockCluster(3);
    try {
      const file = writeServoMessages(ctx.dir, perTopic);
      const names = Array.from({ length: topics }, (_, i) => `bench-servo-${i}`);
      const produceStarted = performance.now();
      // kcat produces (fast, and an independent client); one process per topic.
      await Promise.all(names.map((t) => exec(KCAT, ['-b', cluster.bootstrap, '-P', '-t', t, '-K', '\t', '-X', 'queue.buffering.max.messages=1000000', '-l', file])));
      const produceSeconds = (performance.now() - produceStarted) / 1000;
      const total = await retained(cluster.bootstrap, names);
      ctx.log(`kafka: ${total} servo messages on ${names.length} topics × 4 partitions (produced in ${produceSeconds.toFixed(1)} s)`);

      const kcatStarted = performance.now();
      const drained = await Promise.all(names.map((t) => kcatDrain(cluster.bootstrap, t)));
      const kcatSeconds = (performance.now() - kcatStarted) / 1000;
      const kcatMessages = drained.reduce((a, b) => a + b, 0);
      if (kcatMessages !== total) throw new Error(`kcat drained ${kcatMessages} of ${total} messages`);
      const kcatRate = total / kcatSeconds;

      const ours = await servolabDrain(ctx, cluster.bootstrap, names, total);
      const ratio = ours.rate / kcatRate;
      return [
        {
          case: 'kafka',
          value: round(ours.rate),
          unit: 'messages/s',
          reference: round(kcatRate),
          ratio: round(ratio),
          target: `>= ${TARGET_RATE} messages/s and ratio >= ${TARGET_RATIO}`,
          pass: ours.rate >= TARGET_RATE && ratio >= TARGET_RATIO,
          details: {
            messages: total,
            topics: names.length,
            partitions: names.length * 4,
            readingsStored: ours.stored,
            quarantined: ours.quarantined,
            steadySeconds: round(ours.steadySeconds),
            withGroupJoinSeconds: round(ours.wallSeconds),
            kcatSeconds: round(kcatSeconds),
          },
        },
      ];
    } finally {
      cluster.stop();
    }
  },
};

/** Simulated servo history, one message per machine and 100 ms step, as `key<TAB>value` lines for kcat -P -l. */
function writeServoMessages(dir: string, count: number): string {
  const machines = 16;
  const durationMs = Math.ceil(count / machines) * 100;
  const lines: string[] = [];
  for (const chunk of simulateChunks({ config: { profile: 'servo', machines, seed: 7, start: START, faults: 'none' }, durationMs, ranges: [], targetReadings: 300_000 })) {
    for (const m of encodeChunk(chunk.batch, chunk.events, 'servo')) {
      if (lines.length === count) break;
      lines.push(`${String(m.key)}\t${String(m.value)}`);
    }
  }
  const file = join(dir, 'servo-messages.txt');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Messages the topics hold now (high − low watermark): the mock may have dropped the oldest. */
async function retained(bootstrap: string, topics: readonly string[]): Promise<number> {
  const admin = new Kafka({ clientId: 'servolab-bench', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    let total = 0;
    for (const topic of topics) for (const p of await admin.fetchTopicOffsets(topic)) total += Number(p.high) - Number(p.low);
    return total;
  } finally {
    await admin.disconnect();
  }
}

async function kcatDrain(bootstrap: string, topic: string): Promise<number> {
  // -f '\n' prints one byte per message: the count, without making kcat's output the bottleneck.
  const { stdout } = await exec(KCAT, ['-b', bootstrap, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '\n'], { maxBuffer: 64 << 20 });
  return stdout.length;
}

/** ServoLab's consumer into a fresh workspace; the rate counts from the first stored batch (steady state, after the group join). */
async function servolabDrain(ctx: BenchContext, bootstrap: string, topics: string[], total: number) {
  const ws = await Workspace.open(join(ctx.dir, 'kafka.duckdb'));
  const ingest = new KafkaIngest(await Ingestor.create(ws), {
    connection: { brokers: bootstrap.split(','), clientId: 'servolab-bench' },
    groupId: 'servolab-bench',
    topics,
    format: 'servo',
    from: 'earliest',
  });
  try {
    const started = performance.now();
    await ingest.start();
    let first: { at: number; messages: number } | null = null;
    const deadline = started + 300_000;
    for (;;) {
      const s = ingest.status();
      const now = performance.now();
      if (first === null && s.messages > 0) first = { at: now, messages: s.messages };
      if (s.messages >= total) {
        const steadySeconds = first && now > first.at ? (now - first.at) / 1000 : (now - started) / 1000;
        const counted = first && now > first.at ? s.messages - first.messages : s.messages;
        return { rate: counted / steadySeconds, steadySeconds, wallSeconds: (now - started) / 1000, stored: s.stored, quarantined: s.quarantined };
      }
      if (now > deadline) throw new Error(`servolab consumed ${s.messages} of ${total} messages in 300 s (${s.lastError ?? 'no error'})`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await ingest.stop();
    ws.close();
  }
}
