import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabMetrics } from '../../monitor/metrics';
import { MEMORY, Workspace } from '../../store/workspace';
import { Ingestor } from '../ingestor';
import { startPushListener, type PushListener } from './push-listener';

/** The push listener over real HTTP (fetch) into an in-memory workspace. */
let ws: Workspace;
let ingestor: Ingestor;
let listener: PushListener;

const TOKEN = 'test-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };
const post = (path: string, body: string, headers: Record<string, string> = auth) => fetch(`${listener.url}${path}`, { method: 'POST', body, headers });

async function sql<T>(query: string): Promise<T[]> {
  return ws.rows<T>(query);
}

beforeEach(async () => {
  ws = await Workspace.open(MEMORY);
  ingestor = await Ingestor.create(ws);
});
afterEach(async () => {
  await listener?.close();
  await ws.close();
});

describe('push listener', () => {
  it('binds 127.0.0.1 and refuses every request without the right token', async () => {
    listener = await startPushListener({ ingestor, token: TOKEN });
    expect(listener.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${listener.url}/health`)).status).toBe(401);
    expect((await fetch(`${listener.url}/health`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await post('/sensor', '{"machine_id":"M","temperature":70}', {})).status).toBe(401);
    expect((await fetch(`${listener.url}/health?token=${TOKEN}`)).status).toBe(200);
    expect((await fetch(`${listener.url}/health`, { headers: auth })).status).toBe(200);
    expect(listener.status()).toMatchObject({ unauthorized: 3, stored: 0 });
    expect(listener.pushUrl).toBe(`${listener.url}/push?token=${TOKEN}`);
  });

  it('stores ServoSense readings, stamps those without event_time on receipt, and returns the latest', async () => {
    listener = await startPushListener({ ingestor, token: TOKEN });
    const one = await post('/sensor', '{"event_time":"2026-03-01T00:00:00.250Z","machine_id":"M-1","temperature":71.5,"vibration":0.12,"rpm":1500}');
    expect([one.status, await one.json()]).toEqual([200, { stored: 3, quarantined: 0, refused: null }]);
    const before = Date.now();
    const many = await post('/sensor', JSON.stringify([{ machine_id: 'M-2', temperature: 60 }, { machine_id: 'M-2', temperature: 'hot' }, { machine_id: 'M-1', temperature: 999 }]));
    // One good element, one malformed and one out of the valid range: stored and quarantined, never lost.
    expect([many.status, await many.json()]).toEqual([200, { stored: 1, quarantined: 2, refused: null }]);
    const [stamped] = await sql<{ ms: number }>(`SELECT epoch_ms(r.ts)::DOUBLE AS ms FROM readings r JOIN machines m ON m.id = r.machine WHERE m.name = 'M-2'`);
    expect(stamped!.ms).toBeGreaterThanOrEqual(before - 1000);
    expect(stamped!.ms).toBeLessThanOrEqual(Date.now() + 1000);
    const latest = await fetch(`${listener.url}/sensor?machine=M-1&limit=1`, { headers: auth });
    expect(await latest.json()).toEqual([{ event_time: '2026-03-01T00:00:00.250Z', machine_id: 'M-1', rpm: 1500, temperature: 71.5, vibration: 0.12 }]);
    const quarantine = await sql<{ location: string; reason: string }>('SELECT location, reason FROM quarantine ORDER BY location');
    expect(quarantine.map((q) => q.location)).toEqual(['http:/sensor@2.1', 'http:/sensor@2.2']);
    expect((await fetch(`${listener.url}/sensor?limit=0`, { headers: auth })).status).toBe(400);
  });

  it('refuses a malformed body with 400 and its reason, and keeps it in quarantine', async () => {
    listener = await startPushListener({ ingestor, token: TOKEN });
    const bad = await post('/sensor', '{"machine_id": "M-1", "temperature": ');
    expect([bad.status, await bad.json()]).toEqual([400, { error: 'invalid JSON', quarantined: 1 }]);
    const noMachine = await post('/sensor', '{"temperature": 70}');
    expect(await noMachine.json()).toMatchObject({ error: 'missing machine_id' });
    const rows = await sql<{ location: string; raw: string; reason: string }>('SELECT location, raw, reason FROM quarantine ORDER BY location');
    expect(rows).toEqual([
      { location: 'http:/sensor@1', raw: '{"machine_id": "M-1", "temperature": ', reason: 'invalid JSON' },
      { location: 'http:/sensor@2', raw: '{"temperature": 70}', reason: 'missing machine_id' },
    ]);
    expect(listener.status()).toMatchObject({ requests: 2, refused: 2, stored: 0, quarantined: 2 });
  });

  it('stores a Sensor Logger push batch per device and sensor, with nanosecond times', async () => {
    listener = await startPushListener({ ingestor, token: TOKEN });
    const body = {
      messageId: 7,
      sessionId: 's-1',
      deviceId: 'phone-1',
      payload: [
        { name: 'accelerometer', time: 1772323200000000000, values: { x: 0.1, y: 0.2, z: 9.8 } },
        { name: 'gyroscope', time: 1772323200010000000, values: { x: 0, y: 0, z: 0.01 } },
      ],
    };
    const r = await fetch(`${listener.pushUrl}`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    expect([r.status, await r.json()]).toEqual([200, { stored: 6, quarantined: 0, refused: null }]);
    const rows = await sql<{ machine: string; sensor: string; t: string }>(
      `SELECT m.name AS machine, s.name AS sensor, strftime(r.ts, '%H:%M:%S.%g') AS t FROM readings r JOIN machines m ON m.id = r.machine JOIN sensors s ON s.id = r.sensor ORDER BY s.name`,
    );
    expect(rows.map((x) => `${x.machine} ${x.sensor} ${x.t}`)).toEqual([
      'phone-1 accelerometer.x 00:00:00.000',
      'phone-1 accelerometer.y 00:00:00.000',
      'phone-1 accelerometer.z 00:00:00.000',
      'phone-1 gyroscope.x 00:00:00.010',
      'phone-1 gyroscope.y 00:00:00.010',
      'phone-1 gyroscope.z 00:00:00.010',
    ]);
  });

  it('answers 413 to a body over the limit and 429 past the rate, storing nothing of either', async () => {
    listener = await startPushListener({ ingestor, token: TOKEN, maxBodyBytes: 1000, ratePerSecond: 2 });
    const big = JSON.stringify({ machine_id: 'M', temperature: 70, pad: 'x'.repeat(2000) });
    expect((await post('/sensor', big)).status).toBe(413);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${listener.url}/health`, { headers: auth })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const [count] = await sql<{ n: bigint }>('SELECT count(*) AS n FROM readings');
    expect(Number(count!.n)).toBe(0);
    expect(listener.status()).toMatchObject({ tooLarge: 1 });
  });

  it('serves Prometheus metrics counting the pushed readings, and names its routes on a 404', async () => {
    const metrics = new LabMetrics({ ingestor, ws });
    listener = await startPushListener({ ingestor, token: TOKEN, metrics });
    await post('/sensor', '{"machine_id":"M-1","temperature":70,"rpm":1200}');
    const text = await (await fetch(`${listener.url}/metrics`, { headers: auth })).text();
    expect(text).toMatch(/^servolab_readings_ingested_total\{source="http"\} 2$/m);
    const missing = await fetch(`${listener.url}/nope`, { headers: auth });
    expect([missing.status, ((await missing.json()) as { error: string }).error]).toEqual([404, expect.stringContaining('POST /push')]);
    expect((await fetch(`${listener.url}/push`, { headers: auth })).status).toBe(405);
    metrics.dispose();
  });
});
