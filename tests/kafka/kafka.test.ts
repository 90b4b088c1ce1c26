import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servolab } from '../support/cli';
import { kcatAvailable, kcatConsume, kcatProduce, startMockCluster, type MockCluster } from './mock-cluster';

/** The Kafka connector against a real protocol peer (kcat's mock cluster), through the BUILT CLI. */
const tmp = () => mkdtempSync(join(tmpdir(), 'servolab-kafka-'));
let cluster: MockCluster;
let topicNo = 0;
const freshTopic = () => `t${process.pid}-${++topicNo}`;
const freshGroup = () => `g${process.pid}-${++topicNo}`;

interface ConsumeSummary {
  messages: number;
  stored: number;
  quarantined: number;
}

async function consume(db: string, topic: string, group: string, ...extra: string[]): Promise<ConsumeSummary> {
  const r = await servolab('kafka', 'consume', '--brokers', cluster.bootstrap, '--topic', topic, '--group', group, '--db', db, '--until-idle', '2s', '--json', ...extra);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as ConsumeSummary;
}

async function sql<T extends unknown[]>(db: string, query: string): Promise<T[]> {
  const r = await servolab('sql', '--db', db, query, '--json');
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { rows: T[] }).rows;
}

const available = await kcatAvailable();
if (!available) console.warn('skipping the Kafka suite: kcat is not installed (apt-get install kcat)');

describe.skipIf(!available)('Kafka connector against kcat mock cluster', () => {
  beforeAll(async () => {
    cluster = await startMockCluster();
  });
  afterAll(() => cluster?.stop());

  it('ingests kcat-produced messages of every format exactly, and quarantines each bad one with its offset', async () => {
    const cases: { format: string; good: string[]; bad: string[]; readings: number }[] = [
      {
        format: 'servo',
        good: [
          '{"event_time":"2026-03-01T00:00:00Z","machine_id":"M-001","temperature":71.5,"vibration":0.12,"rpm":1500}',
          '{"event_time":"2026-03-01 00:00:01","machine_id":"M-002","temperature":70,"vibration":0.2,"rpm":1200}',
          '{"event_time":1772323202000,"machine_id":"M-001","temperature":72,"vibration":0.1,"rpm":1510}',
        ],
        bad: ['not json', '{"temperature":70}', '{"machine_id":"M-9","temperature":"hot"}', '{"machine_id":"M-9","event_time":"yesterday","rpm":1}', '{"machine_id":"M-9","temperature":999}'],
        readings: 9,
      },
      { format: 'long', good: ['{"ts":"2026-03-01T00:00:00+02:00","machine":"press-7","sensor":"temp","value":21.5}', '{"ts":1772323200,"machine":"press-7","sensor":"temp","value":22}'], bad: ['{"ts":1,"machine":"x","sensor":"y"}'], readings: 2 },
      { format: 'motor', good: ['{"unix_time":1772323200.5,"date_time":"2026-03-01 00:00:00","voltage":4.2}'], bad: ['{"unix_time":1772323200,"voltage":"high"}'], readings: 1 },
      {
        format: 'fleet',
        good: ['{"machine_id":"F-1","timestamp":"2026-03-01T00:00:00Z","readings":{"readings":{"Sensor 1":0.5,"Sensor 2":-0.2},"has_failure":false}}', '{"machine_id":"F-1","timestamp":"2026-03-01T00:00:01Z","readings":{"readings":{"Sensor 1":0.9,"Sensor 2":0.1},"has_failure":true}}'],
        bad: ['{"machine_id":"F-1","timestamp":"2026-03-01T00:00:02Z","readings":{}}'],
        readings: 4,
      },
      {
        format: 'sensorlogger',
        good: ['{"messageId":1,"sessionId":"s","deviceId":"phone-1","payload":[{"name":"accelerometer","time":1772323200000000000,"values":{"x":0.1,"y":0.2,"z":9.8}},{"name":"gyroscope","time":1772323200010000000,"values":{"x":0,"y":0,"z":0.01}}]}'],
        bad: ['{"messageId":2,"deviceId":"phone-1","payload":[{"name":"accelerometer","values":{"x":1}}]}'],
        readings: 6,
      },
      { format: 'csv', good: ['2026-03-01T00:00:00Z,M-1,temp,20.5'], bad: ['2026-03-01T00:00:00Z,M-1,temp'], readings: 1 },
    ];
    // Concurrently: each consume mostly waits for its group join and idle time.
    await Promise.all(cases.map(async (c) => {
      const topic = freshTopic();
      const db = join(tmp(), `${c.format}.duckdb`);
      kcatProduce(cluster.bootstrap, topic, [...c.good, ...c.bad]);
      const summary = await consume(db, topic, freshGroup(), '--format', c.format);
      expect(summary, c.format).toMatchObject({ messages: c.good.length + c.bad.length, stored: c.readings, quarantined: c.bad.length });
      const [stored] = (await sql<[number]>(db, 'SELECT count(*) FROM readings'))[0]!;
      expect(stored, c.format).toBe(c.readings);
      const quarantine = await sql<[string, string]>(db, 'SELECT location, reason FROM quarantine ORDER BY id');
      expect(quarantine.length, c.format).toBe(c.bad.length);
      expect(quarantine.every(([location]) => new RegExp(`^${topic}/\\d+@\\d+$`).test(location)), c.format).toBe(true);
    }));
  }, 120_000);

  it('stores exact values and times, and emits a failure event on a has_failure transition', async () => {
    const topic = freshTopic();
    const db = join(tmp(), 'values.duckdb');
    kcatProduce(cluster.bootstrap, topic, [
      '{"event_time":"2026-03-01T00:00:00.250Z","machine_id":"M-001","temperature":71.5,"vibration":0.125,"rpm":1500}',
      '{"machine_id":"F-1","timestamp":"2026-03-01T00:00:01Z","readings":{"readings":{"Sensor 1":0.5},"has_failure":true}}',
    ]);
    await consume(db, topic, freshGroup(), '--format', 'servo'); // the fleet line is not servo: quarantined
    const rows = await sql<[string, string, string, number]>(db, `SELECT strftime(r.ts, '%Y-%m-%dT%H:%M:%S.%g'), m.name, s.name, r.value FROM readings r JOIN machines m ON m.id = r.machine JOIN sensors s ON s.id = r.sensor ORDER BY s.name`);
    expect(rows).toEqual([
      ['2026-03-01T00:00:00.250', 'M-001', 'rpm', 1500],
      ['2026-03-01T00:00:00.250', 'M-001', 'temperature', 71.5],
      ['2026-03-01T00:00:00.250', 'M-001', 'vibration', 0.125],
    ]);
    const fleetTopic = freshTopic();
    const fleetDb = join(tmp(), 'fleet.duckdb');
    // Keyed by machine like every real producer: a machine's messages stay in order on one partition.
    kcatProduce(cluster.bootstrap, fleetTopic, [false, true, true, false, true].map((f, i) => `F-1\t{"machine_id":"F-1","timestamp":"2026-03-01T00:00:0${i}Z","readings":{"readings":{"Sensor 1":${i}},"has_failure":${f}}}`), true);
    await consume(fleetDb, fleetTopic, freshGroup(), '--format', 'fleet');
    const events = await sql<[string, string, string]>(fleetDb, `SELECT machine, kind, strftime(onset, '%S') FROM events ORDER BY onset`);
    expect(events).toEqual([['F-1', 'failure', '01'], ['F-1', 'failure', '04']]);
  }, 60_000);

  it('map:FILE decodes messages through a user mapping of field paths and quarantines what it cannot read', async () => {
    const dir = tmp();
    const mapFile = join(dir, 'map.json');
    writeFileSync(mapFile, JSON.stringify({ time: 'payload.ts', timeUnit: 'ms', machine: 'device.id', values: { temperature: 'data.temp', rpm: 'data.readings.0.value' } }));
    const t0 = Date.UTC(2026, 2, 1);
    const message = (ts: unknown, machine: string, data: unknown) => JSON.stringify({ payload: { ts }, device: { id: machine }, data });
    const topic = freshTopic();
    kcatProduce(cluster.bootstrap, topic, [
      message(t0 + 250, 'press-1', { temp: 71.5, readings: [{ value: 1500 }] }),
      message(t0 + 1000, 'press-2', { temp: 70, readings: [{ value: 1200 }, { value: 1 }], ignored: 'x' }),
      message(t0, 'press-1', { readings: [{ value: 1500 }] }),
      message(t0, 'press-1', { temp: 'hot', readings: [{ value: 1500 }] }),
      message('yesterday', 'press-1', { temp: 70, readings: [{ value: 1500 }] }),
      message(t0, 'press-1', { temp: 70, readings: [] }),
      'not json',
    ]);
    const db = join(dir, 'map.duckdb');
    expect(await consume(db, topic, freshGroup(), '--format', `map:${mapFile}`)).toMatchObject({ format: 'map', messages: 7, stored: 4, quarantined: 5 });
    const rows = await sql<[string, string, string, number]>(db, `SELECT strftime(r.ts, '%Y-%m-%dT%H:%M:%S.%g'), m.name, s.name, r.value FROM readings r JOIN machines m ON m.id = r.machine JOIN sensors s ON s.id = r.sensor ORDER BY m.name, s.name`);
    expect(rows).toEqual([
      ['2026-03-01T00:00:00.250', 'press-1', 'rpm', 1500],
      ['2026-03-01T00:00:00.250', 'press-1', 'temperature', 71.5],
      ['2026-03-01T00:00:01.000', 'press-2', 'rpm', 1200],
      ['2026-03-01T00:00:01.000', 'press-2', 'temperature', 70],
    ]);
    const reasons = await sql<[string]>(db, 'SELECT reason FROM quarantine ORDER BY reason');
    expect(reasons.map(([r]) => r)).toEqual(['invalid JSON', 'missing field data.readings.0.value', 'missing field data.temp', 'unparseable timestamp "yesterday"', 'value of temperature is not a number']);
    // A bad mapping is refused before connecting, in one line, as a usage error.
    writeFileSync(mapFile, '{"machine":"device.id","machineConst":"press-1","values":{"t":"data.temp"}}');
    const refused = await servolab('kafka', 'consume', '--brokers', cluster.bootstrap, '--topic', topic, '--db', join(dir, 'never.duckdb'), '--format', `map:${mapFile}`);
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n')[0]).toBe(`servolab kafka: error: map file ${mapFile}: give machine (a path) or machineConst (a name), one of them`);
  }, 60_000);

  it('publishes the simulator in a format kcat reads back and ServoLab re-ingests exactly once', async () => {
    const topic = freshTopic();
    const produced = await servolab('kafka', 'produce', '--brokers', cluster.bootstrap, '--topic', topic, '--profile', 'servo', '--machines', '3', '--duration', '2m', '--seed', '4', '--start', '2026-03-01T00:00:00Z', '--json');
    expect(produced.code, produced.stderr).toBe(0);
    expect(JSON.parse(produced.stdout)).toMatchObject({ format: 'servo', messages: 3 * 1200, readings: 3 * 1200 * 3 });
    const lines = kcatConsume(cluster.bootstrap, topic);
    expect(lines.length).toBe(3600);
    for (const line of lines.slice(0, 50)) {
      const msg = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(msg).sort()).toEqual(['event_time', 'machine_id', 'rpm', 'temperature', 'vibration']);
      expect(typeof msg.temperature).toBe('number');
    }
    const db = join(tmp(), 'roundtrip.duckdb');
    expect(await consume(db, topic, freshGroup())).toMatchObject({ messages: 3600, stored: 10_800, quarantined: 0 });
    // Even a NEW group reading from the beginning stores nothing twice: the workspace's checkpoints decide.
    expect(await consume(db, topic, freshGroup(), '--from', 'earliest')).toMatchObject({ stored: 0 });
    const [n, distinct] = (await sql<[number, number]>(db, 'SELECT count(*), count(DISTINCT (ts, machine, sensor)) FROM readings'))[0]!;
    expect([n, distinct]).toEqual([10_800, 10_800]);
  }, 120_000);

  it('a second start with the same group re-ingests nothing', async () => {
    const topic = freshTopic();
    const group = freshGroup();
    const db = join(tmp(), 'again.duckdb');
    kcatProduce(cluster.bootstrap, topic, Array.from({ length: 500 }, (_, i) => `{"ts":${1772323200000 + i},"machine":"m","sensor":"s","value":${i}}`));
    expect(await consume(db, topic, group, '--format', 'long')).toMatchObject({ messages: 500, stored: 500 });
    expect(await consume(db, topic, group, '--format', 'long')).toMatchObject({ messages: 0, stored: 0 });
  }, 60_000);

  it('two consumers of one group split the partitions without overlap', async () => {
    const topic = freshTopic();
    const group = freshGroup();
    kcatProduce(cluster.bootstrap, topic, Array.from({ length: 4000 }, (_, i) => `k${i % 16}\t{"ts":${1772323200000 + i},"machine":"k${i % 16}","sensor":"s","value":${i}}`), true);
    const dbs = [join(tmp(), 'a.duckdb'), join(tmp(), 'b.duckdb')];
    const [a, b] = await Promise.all(dbs.map((db) => consume(db, topic, group, '--format', 'long', '--until-idle', '10s')));
    expect(a!.stored + b!.stored, JSON.stringify([a, b])).toBe(4000);
    const values = await Promise.all(dbs.map((db) => sql<[number]>(db, 'SELECT value FROM readings')));
    const seen = new Set(values.flat().map(([v]) => v));
    expect(seen.size).toBe(4000);
  }, 120_000);
});
