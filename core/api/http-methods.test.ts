import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY } from '../store/workspace';
import type { HttpListenStatus } from './http-contract';
import { Lab, type LabSession } from './lab';

/** The push listener through LabApi: start, a real HTTP push, status events, stop. */
const failure = (p: Promise<unknown>) => p.then(() => null, (e: { code: string; message: string }) => ({ code: e.code, message: e.message }));

describe('HTTP push through LabApi', () => {
  let lab: Lab;
  let session: LabSession;
  const events: HttpListenStatus[] = [];

  beforeAll(async () => {
    lab = await Lab.open(MEMORY);
    session = lab.session((event, payload) => {
      if (event === 'http') events.push(payload as HttpListenStatus);
    });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('is off until started, then takes pushes with the token it shows, and stops', async () => {
    expect(await session.call('httpStatus', {})).toEqual({ running: false, token: null, pushUrl: null });
    const started = (await session.call('httpStart', {})) as HttpListenStatus;
    expect(started).toMatchObject({ running: true, host: '127.0.0.1', stored: 0 });
    expect(started.pushUrl).toBe(`${started.url}/push?token=${started.token}`);
    expect(await failure(session.call('httpStart', {}))).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('already running') });
    const body = JSON.stringify({ event_time: '2026-03-01T00:00:00Z', machine_id: 'H-1', temperature: 70, rpm: 1000 });
    const pushed = await fetch(`${started.url}/sensor`, { method: 'POST', body, headers: { Authorization: `Bearer ${started.token}` } });
    expect(pushed.status).toBe(200);
    await expect.poll(() => events.at(-1)?.stored, { timeout: 5000 }).toBe(2);
    const stopped = (await session.call('httpStop', {})) as HttpListenStatus;
    expect(stopped).toMatchObject({ running: false, token: null, stored: 2 });
    await expect(fetch(`${started.url}/health`)).rejects.toThrow();
    const [row] = await lab.ws.rows<{ n: bigint }>('SELECT count(*) AS n FROM readings');
    expect(Number(row!.n)).toBe(2);
  });

  it('refuses a host other than loopback or all interfaces, and a busy port, with one line', async () => {
    expect(await failure(session.call('httpStart', { host: '10.1.2.3' }))).toMatchObject({ code: 'invalid_input' });
    const first = (await session.call('httpStart', {})) as HttpListenStatus;
    const other = await Lab.open(MEMORY);
    try {
      const busy = await failure(other.session(() => undefined).call('httpStart', { port: first.port }));
      expect(busy).toEqual({ code: 'io', message: `port ${first.port} is in use; pick another or 0 for any free port` });
    } finally {
      await other.close();
      await session.call('httpStop', {});
    }
  });
});
