import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servolab, startServolab } from './support/cli';

/** `servolab listen` as a user runs it: the built CLI, real HTTP, then the workspace read back. */
const tmp = () => mkdtempSync(join(tmpdir(), 'servolab-listen-'));

interface Printed {
  url: string;
  token: string;
  pushUrl: string;
  metrics: string | null;
}

describe('servolab listen', () => {
  it('stores pushed ServoSense and Sensor Logger bodies behind its token, and keeps them after Ctrl-C', async () => {
    const db = join(tmp(), 'push.duckdb');
    const listen = await startServolab<Printed>('listen', '--db', db, '--metrics', '--json');
    const { url, token, pushUrl, metrics } = listen.printed;
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(token).toMatch(/^[\w-]{32}$/);
      expect((await fetch(`${url}/sensor`, { method: 'POST', body: '{"machine_id":"M-1","temperature":70}' })).status).toBe(401);
      const auth = { Authorization: `Bearer ${token}` };
      const servo = await fetch(`${url}/sensor`, { method: 'POST', headers: auth, body: '{"event_time":"2026-03-01T00:00:00Z","machine_id":"M-1","temperature":70,"vibration":0.1,"rpm":1500}' });
      expect(await servo.json()).toEqual({ stored: 3, quarantined: 0, refused: null });
      const phone = await fetch(pushUrl, { method: 'POST', body: JSON.stringify({ messageId: 1, sessionId: 's', deviceId: 'phone', payload: [{ name: 'accelerometer', time: 1772323200000000000, values: { x: 1, y: 2, z: 3 } }] }) });
      expect(phone.status).toBe(200);
      expect((await fetch(`${url}/sensor`, { method: 'POST', headers: auth, body: 'garbage' })).status).toBe(400);
      expect(await (await fetch(`${url}/sensor?machine=M-1`, { headers: auth })).json()).toEqual([{ event_time: '2026-03-01T00:00:00.000Z', machine_id: 'M-1', rpm: 1500, temperature: 70, vibration: 0.1 }]);
      expect(await (await fetch(metrics!, { headers: auth })).text()).toMatch(/^servolab_readings_ingested_total\{source="http"\} 6$/m);
    } finally {
      const stopped = await listen.stop();
      expect([stopped.code, stopped.stderr]).toEqual([0, '']);
    }
    const counts = await servolab('sql', '--db', db, `SELECT (SELECT count(*) FROM readings), (SELECT count(*) FROM quarantine WHERE location = 'http:/sensor@3')`, '--json');
    expect(JSON.parse(counts.stdout).rows).toEqual([[6, 1]]);
  }, 60_000);

  it('refuses bad options with a one-line error and the usage', async () => {
    const r = await servolab('listen', '--db', join(tmp(), 'x.duckdb'), '--host', '10.0.0.1');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('servolab listen: error: --host must be one of 127.0.0.1, 0.0.0.0 (got "10.0.0.1")');
    const weak = await servolab('listen', '--db', join(tmp(), 'x.duckdb'), '--token', 'short');
    expect(weak.stderr).toMatch(/--token needs at least 16/);
  });
});
