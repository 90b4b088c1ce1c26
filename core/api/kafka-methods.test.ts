import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KCAT, kcatAvailable, startMockCluster, type MockCluster } from '../cli/bench/kafka-mock';
import { MEMORY } from '../store/workspace';
import type { KafkaPreview, KafkaStatus, KafkaTestResult } from './kafka-contract';
import { Lab, type LabSession } from './lab';

/** Kafka through LabApi against librdkafka's mock cluster (kcat) over TCP: test, preview, start/stop, status events. */
const available = await kcatAvailable();
if (!available) console.warn('kafka LabApi test skipped: kcat is not installed (apt-get install kcat)');

const T0 = Date.UTC(2026, 2, 1);
const GOOD = 60;
const TOPIC = 'api-servo';

function kcatProduce(bootstrap: string, topic: string, lines: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(KCAT, ['-b', bootstrap, '-P', '-t', topic, '-K', '\t'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kcat -P exited ${code}: ${err}`))));
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}

const failure = (p: Promise<unknown>) => p.then(() => null, (e: { code: string; message: string }) => ({ code: e.code, message: e.message }));

describe.runIf(available)('Kafka through LabApi', () => {
  let cluster: MockCluster;
  let lab: Lab;
  let session: LabSession;
  const events: KafkaStatus[] = [];
  let connection: { brokers: string[] };

  beforeAll(async () => {
    cluster = await startMockCluster();
    connection = { brokers: cluster.bootstrap.split(',') };
    const lines = Array.from({ length: GOOD }, (_, i) => {
      const machine = `K-${i % 3}`;
      return `${machine}\t${JSON.stringify({ event_time: new Date(T0 + i * 100).toISOString(), machine_id: machine, temperature: 70 + (i % 10), vibration: 0.1, rpm: 1500 })}`;
    });
    // Two bad messages among the good ones: invalid JSON and a non-numeric value.
    lines.splice(10, 0, 'K-0\t{"machine_id": "K-0", "temperature": ');
    lines.splice(20, 0, `K-1\t${JSON.stringify({ machine_id: 'K-1', temperature: 'hot' })}`);
    await kcatProduce(cluster.bootstrap, TOPIC, lines);
    lab = await Lab.open(MEMORY);
    session = lab.session((event, payload) => {
      if (event === 'kafka') events.push(payload as KafkaStatus);
    });
  });
  afterAll(async () => {
    await lab?.close();
    cluster?.stop();
  });

  it('tests a connection: the 3 brokers and the topic with its 4 partitions', async () => {
    const r = (await session.call('kafkaTest', { connection })) as KafkaTestResult;
    expect(r.brokers).toHaveLength(3);
    expect(r.topics).toContainEqual({ name: TOPIC, partitions: 4 });
    const bad = await failure(session.call('kafkaTest', { connection: { brokers: ['not a broker'] } }));
    expect(bad?.code).toBe('invalid_input');
    const down = await failure(session.call('kafkaTest', { connection: { brokers: ['127.0.0.1:1'] } }));
    expect(down?.code).toBe('io');
  });

  it('previews decoded rows and the rejects, storing nothing', async () => {
    const r = (await session.call('kafkaPreview', { connection, topic: TOPIC, format: 'servo', limit: GOOD + 2 })) as KafkaPreview;
    expect(r.messages).toBe(GOOD + 2);
    expect(r.rows).toHaveLength(GOOD * 3);
    expect(new Set(r.rows.map((x) => x.sensor))).toEqual(new Set(['temperature', 'vibration', 'rpm']));
    expect(r.rows.find((x) => x.machine === 'K-0' && x.sensor === 'temperature' && x.ts === T0)?.value).toBe(70);
    expect(r.rejected.map((x) => x.reason).sort()).toEqual(['invalid JSON', 'value of temperature is not a number']);
    expect((await lab.info()).readings).toBe(0);
  });

  it('previews with a field mapping (format map) as well', async () => {
    const mapping = { time: 'event_time', machine: 'machine_id', values: { temp: 'temperature' } };
    const r = (await session.call('kafkaPreview', { connection, topic: TOPIC, format: 'map', mapping, limit: GOOD + 2 })) as KafkaPreview;
    expect(r.format).toBe('map');
    expect(r.rows).toHaveLength(GOOD);
    expect(r.rows.find((x) => x.machine === 'K-0' && x.ts === T0)).toMatchObject({ sensor: 'temp', value: 70 });
    expect(r.rejected.map((x) => x.reason).sort()).toEqual(['invalid JSON', 'missing field event_time']); // the mapping names a time: none is an error, not Kafka's time
  });

  it('starts a consumer that stores every good message once, pushes status events, and stops', async () => {
    const started = (await session.call('kafkaStart', { connection, topics: [TOPIC], groupId: 'api-group', format: 'servo' })) as KafkaStatus;
    expect(started.running).toBe(true);
    expect((await failure(session.call('kafkaStart', { connection, topics: [TOPIC] })))?.code).toBe('invalid_input');
    const deadline = Date.now() + 20_000;
    let status = started;
    while (status.messages < GOOD + 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await session.call('kafkaStatus', {})) as KafkaStatus;
    }
    expect(status.messages).toBe(GOOD + 2);
    expect(status.stored).toBe(GOOD * 3);
    expect(status.quarantined).toBe(2);
    expect(status.partitions.reduce((n, p) => n + (p.lag ?? 0), 0)).toBe(0);
    const stopped = (await session.call('kafkaStop', {})) as KafkaStatus;
    expect(stopped.running).toBe(false);
    expect(events.some((e) => e.running)).toBe(true);
    expect([events.at(-1)?.running, events.at(-1)?.messages]).toEqual([false, GOOD + 2]);
    const [row] = await lab.ws.rows<{ n: bigint; d: bigint }>(`SELECT count(*) AS n, count(DISTINCT (ts, machine, sensor)) AS d FROM readings`);
    expect([Number(row!.n), Number(row!.d)]).toEqual([GOOD * 3, GOOD * 3]);
    const [q] = await lab.ws.rows<{ n: bigint }>(`SELECT count(*) AS n FROM quarantine WHERE source = 'kafka:${TOPIC}' AND location LIKE '${TOPIC}/%@%'`);
    expect(Number(q!.n)).toBe(2);
  });

  it('rejects a start without topics or with both topics and a regex', async () => {
    expect((await failure(session.call('kafkaStart', { connection })))?.code).toBe('invalid_input');
    expect((await failure(session.call('kafkaStart', { connection, topics: [TOPIC], topicRegex: '^api' })))?.code).toBe('invalid_input');
  });

  it('pairs format map with a mapping object, validated like a map file', async () => {
    const mapping = { machineConst: 'press-1', values: { v: 'value' } };
    const reasons = await Promise.all([
      failure(session.call('kafkaStart', { connection, topics: [TOPIC], format: 'map' })),
      failure(session.call('kafkaStart', { connection, topics: [TOPIC], format: 'servo', mapping })),
      failure(session.call('kafkaPreview', { connection, topic: TOPIC, format: 'map' })),
      failure(session.call('kafkaStart', { connection, topics: [TOPIC], format: 'map', mapping: { ...mapping, values: { v: 'a..b' } } })),
      failure(session.call('kafkaStart', { connection, topics: [TOPIC], format: 'map', mapping: { ...mapping, file: '/etc/passwd' } })),
    ]);
    expect(reasons.map((x) => x?.code)).toEqual(Array(5).fill('invalid_input'));
    expect(reasons[0]?.message).toBe('kafkaStart: mapping: format map needs a mapping, and only format map takes one');
    expect(reasons[1]?.message).toBe('kafkaStart: mapping: format map needs a mapping, and only format map takes one');
    expect(reasons[3]?.message).toMatch(/^kafkaStart: mapping\.values\.v: a path is field names joined by dots/);
    expect(reasons[4]?.message).toMatch(/^kafkaStart: mapping: .*file/);
  });

  it('starts a consumer with a field mapping and stores the mapped readings', async () => {
    const topic = 'api-map';
    await kcatProduce(cluster.bootstrap, topic, [
      `p\t${JSON.stringify({ at: T0 / 1000, data: { readings: [{ value: 1.5 }, { value: 2.5 }] } })}`,
      `p\t${JSON.stringify({ at: T0 / 1000 + 1, data: { readings: [{ value: 3.5 }] } })}`,
    ]);
    const mapping = { time: 'at', timeUnit: 's', machineConst: 'press-9', values: { first: 'data.readings.0.value', second: 'data.readings.1.value' } };
    await session.call('kafkaStart', { connection, topics: [topic], groupId: 'api-map-group', format: 'map', mapping });
    const deadline = Date.now() + 20_000;
    let status = (await session.call('kafkaStatus', {})) as KafkaStatus;
    while (status.messages < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await session.call('kafkaStatus', {})) as KafkaStatus;
    }
    await session.call('kafkaStop', {});
    expect(status).toMatchObject({ messages: 2, stored: 2, quarantined: 1 });
    const rows = await lab.ws.rows<{ s: string; t: number; v: number }>(
      `SELECT s.name AS s, epoch_ms(r.ts) AS t, r.value AS v FROM readings r JOIN machines m ON m.id = r.machine JOIN sensors s ON s.id = r.sensor WHERE m.name = 'press-9' ORDER BY s.name`,
    );
    expect(rows.map((r) => [r.s, Number(r.t), r.v])).toEqual([
      ['first', T0, 1.5],
      ['second', T0, 2.5],
    ]);
    const [q] = await lab.ws.rows<{ reason: string }>(`SELECT reason FROM quarantine WHERE source = 'kafka:${topic}'`);
    expect(q?.reason).toBe('missing field data.readings.1.value');
  });
});
