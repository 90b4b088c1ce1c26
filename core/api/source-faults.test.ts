import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MEMORY } from '../store/workspace';
import type { ErrorEnvelope, LabStatus } from './contract';
import type { HttpListenStatus } from './http-contract';
import { Lab, type LabSession } from './lab';

/** A source that throws is reported and stops alone; the others keep storing (issue 9). */
let lab: Lab;
let session: LabSession;
let errors: ErrorEnvelope[];

beforeEach(async () => {
  lab = await Lab.open(MEMORY);
  errors = [];
  session = lab.session((event, payload) => {
    if (event === 'error') errors.push(payload as ErrorEnvelope);
  });
});
afterEach(async () => {
  await lab.close();
});

const count = async (source: string) => {
  const [row] = await lab.ws.rows<{ n: bigint }>(
    `SELECT count(*) AS n FROM readings r JOIN machines m ON m.id = r.machine WHERE starts_with(m.name, $prefix)`,
    { prefix: source },
  );
  return Number(row!.n);
};

describe('a failing source among running ones', () => {
  it('reports the simulation that threw and stops it, while HTTP pushes keep being stored and the Lab keeps answering', async () => {
    const http = (await session.call('httpStart', {})) as HttpListenStatus;
    const push = async (i: number) => {
      const body = JSON.stringify({ event_time: new Date(Date.UTC(2026, 2, 1) + i * 1000).toISOString(), machine_id: 'H-1', temperature: 70 + (i % 5) });
      const r = await fetch(`${http.url}/sensor`, { method: 'POST', body, headers: { Authorization: `Bearer ${http.token}` } });
      expect(r.status).toBe(200);
    };
    await session.call('simulationStart', { profile: 'servo', machines: 2, seed: 1, speed: 50 });
    await expect.poll(() => count('M-'), { timeout: 10_000 }).toBeGreaterThan(0);

    // The simulator's writes start failing (its own source only); HTTP writes go through.
    const ingest = lab.ingestor.ingest.bind(lab.ingestor);
    lab.ingestor.ingest = (batch, meta) => (meta?.source === 'simulator' ? Promise.reject(new Error('sensor bus exploded (injected)')) : ingest(batch, meta));
    await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ code: 'internal', message: expect.stringMatching(/^simulation stopped: .*sensor bus exploded \(injected\)/) });
    const status = (await session.call('status', {})) as LabStatus;
    expect(status.running).toBe(false);
    expect(status.lastError).toMatch(/sensor bus exploded/);

    for (let i = 0; i < 20; i++) await push(i);
    expect(await count('H-')).toBe(20);
    expect(((await session.call('httpStatus', {})) as HttpListenStatus).running).toBe(true);
    // The Lab still answers every kind of call, and the failed source can be started again.
    lab.ingestor.ingest = ingest;
    await session.call('simulationStart', { profile: 'servo', machines: 1, seed: 2, speed: 50 });
    const before = await count('M-');
    await expect.poll(() => count('M-'), { timeout: 10_000 }).toBeGreaterThan(before);
    await session.call('simulationStop', {});
    await session.call('httpStop', {});
  }, 60_000);
});
