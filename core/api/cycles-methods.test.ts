import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCycles } from '../cycles';
import { Simulator } from '../sim';
import { rawReadings } from '../store/queries';
import { resolveSeries } from '../store/series';
import { MEMORY } from '../store/workspace';
import type { CycleProgress, CyclesDetectResponse, CyclesListResponse } from './contract';
import { Lab, type LabSession } from './lab';

const START = Date.UTC(2026, 2, 1);
const HOUR = 3_600_000;

let lab: Lab;
let session: LabSession;
const progress: CycleProgress[] = [];

beforeAll(async () => {
  lab = await Lab.open(MEMORY);
  const sim = new Simulator({ profile: 'press', machines: 2, seed: 11, start: START, faults: 'none' });
  await lab.ingestor.defineSensors(sim.sensors());
  for (const { batch, events } of sim.chunks(START + HOUR, 600_000)) await lab.ingestor.ingest(batch, { source: 'simulator', events });
  session = lab.session((event, payload) => {
    if (event === 'cycleProgress') progress.push(payload as CycleProgress);
  });
});
afterAll(async () => {
  await lab.close();
});

const detect = (params: Record<string, unknown>) => session.call('cyclesDetect', params) as Promise<CyclesDetectResponse>;
const list = (params: Record<string, unknown>) => session.call('cyclesList', params) as Promise<CyclesListResponse>;
const failure = (p: Promise<unknown>) => p.then(() => null, (e: { code: string; message: string }) => ({ code: e.code, message: e.message }));

describe('cycles through LabApi', () => {
  it('detects in auto mode what the batch detector finds, with the summary, and saves nothing unasked', async () => {
    progress.length = 0;
    const r = await detect({ machine: 'M-001', sensor: 'voltage' });
    const stored = await rawReadings(lab.ws, resolveSeries(lab.ingestor.catalog, 'M-001', 'voltage'), START, START + HOUR);
    const batch = detectCycles(stored.ts, stored.value).map((c) => c.metrics);
    expect(r.mode).toBe('auto');
    expect(r.detector).toBe('auto(min_gap=1s, min_duration=1s)');
    expect(r.readings).toBe(stored.ts.length);
    expect(r.total).toBeGreaterThan(20);
    expect(r.cycles).toEqual(batch);
    expect(r.summary.count).toBe(r.total);
    expect(r.summary.stats.duration_s!.median).toBeGreaterThan(10);
    expect(r.summary.trends.max_point).not.toBeNull();
    expect(r.saved).toBeNull();
    expect(progress.at(-1)).toMatchObject({ machine: 'M-001', sensor: 'voltage', readings: stored.ts.length, fraction: 1 });
    expect((await list({ sensor: 'voltage' })).cycles).toEqual([]);
  });

  it('detects in fixed mode over a range, saves idempotently and lists the stored rows', async () => {
    const params = { machine: 'M-002', sensor: 'voltage', from: START, to: START + HOUR / 2, threshold: 6, minGapMs: 2000, minDurationMs: 3000, save: true };
    const first = await detect(params);
    expect(first.mode).toBe('fixed');
    expect(first.detector).toBe('fixed(threshold=6, min_gap=2s, min_duration=3s)');
    expect(first.total).toBeGreaterThan(5);
    expect(first.cycles.every((c) => c.start >= START && c.end < START + HOUR / 2 && c.duration_s >= 3 && c.threshold === 6)).toBe(true);
    expect(first.saved).toEqual({ replaced: 0, inserted: first.total });
    const again = await detect(params);
    expect(again.saved).toEqual({ replaced: first.total, inserted: first.total });

    const stored = await list({ machine: 'M-002', sensor: 'voltage', detector: first.detector });
    expect(stored.truncated).toBe(false);
    expect(stored.cycles.map((c) => c.metrics)).toEqual(first.cycles);
    const cut = await list({ machine: 'M-002', limit: 2 });
    expect(cut.cycles).toHaveLength(2);
    expect(cut.truncated).toBe(true);
  });

  it('returns at most `limit` cycles but summarises them all', async () => {
    const r = await detect({ machine: 'M-001', sensor: 'voltage', limit: 3 });
    expect(r.cycles).toHaveLength(3);
    expect(r.total).toBeGreaterThan(3);
    expect(r.summary.count).toBe(r.total);
  });

  it('refuses bad parameters with one clear line', async () => {
    expect(await failure(detect({ machine: 'M-001', sensor: 'voltage', threshold: 'high' }))).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^cyclesDetect: threshold: /) });
    expect(await failure(detect({ machine: 'M-001', sensor: 'voltage', minGapMs: -5 }))).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^cyclesDetect: minGapMs: /) });
    expect(await failure(detect({ machine: 'M-001', sensor: 'voltage', minDurationMs: 400 * 86_400_000 }))).toMatchObject({ code: 'invalid_input' });
    expect(await failure(detect({ machine: 'M-001', sensor: 'voltage', from: START + 10, to: START }))).toMatchObject({ message: 'cyclesDetect: request: to must be after from' });
    expect(await failure(detect({ machine: 'M-009', sensor: 'voltage' }))).toEqual({ code: 'not_found', message: 'unknown machine "M-009"' });
    expect(await failure(detect({ machine: 'M-001', sensor: 'voltage', extra: 1 }))).toMatchObject({ code: 'invalid_input' });
    expect(await failure(list({ limit: 0 }))).toMatchObject({ code: 'invalid_input' });
  });

  it('cancels a running detection between chunks', async () => {
    const running = failure(detect({ machine: 'M-001', sensor: 'voltage' }));
    expect(await session.call('cyclesCancel', {})).toEqual({ cancelled: true });
    expect(await running).toEqual({ code: 'cancelled', message: 'cycle detection cancelled' });
    expect(await session.call('cyclesCancel', {})).toEqual({ cancelled: false });
  });
});
