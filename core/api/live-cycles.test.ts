import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MEMORY } from '../store/workspace';
import type { CyclesListResponse, LiveCycleFrame } from './contract';
import { Lab, type LabSession } from './lab';
import { cycleSensors } from './live-cycles';

let lab: Lab;
let session: LabSession;
let frames: LiveCycleFrame[];

beforeEach(async () => {
  lab = await Lab.open(MEMORY);
  frames = [];
  session = lab.session((event, payload) => {
    if (event === 'cycles') frames.push(payload as LiveCycleFrame);
  });
});
afterEach(async () => {
  await lab.close();
});

describe('live cycles in the Lab', () => {
  it('knows which profiles carry load cycles', () => {
    expect(cycleSensors('press')).toEqual(['voltage']);
    expect(cycleSensors('motor')).toEqual(['voltage']);
    expect(cycleSensors('servo')).toEqual([]);
  });

  it('pushes each cycle of a running press simulation as it closes and stores it', async () => {
    await session.call('simulationStart', { profile: 'press', machines: 2, seed: 3, speed: 1000 });
    await expect.poll(() => frames.flatMap((f) => f.cycles).length, { timeout: 20_000, interval: 100 }).toBeGreaterThanOrEqual(4);
    await session.call('simulationStop', {});
    const pushed = frames.flatMap((f) => f.cycles);
    expect(frames.every((f) => f.dropped === 0)).toBe(true);
    expect(pushed.every((e) => e.sensor === 'voltage' && (e.machine === 'M-001' || e.machine === 'M-002'))).toBe(true);
    expect(pushed.every((e) => e.detector === 'auto(min_gap=1s, min_duration=1s)' && e.cycle.duration_s > 1)).toBe(true);

    const stored = (await session.call('cyclesList', { sensor: 'voltage' })) as CyclesListResponse;
    const key = (c: { machine: string; start: number }) => `${c.machine}@${c.start}`;
    expect(stored.cycles.map((c) => key({ machine: c.machine, start: c.metrics.start })).sort()).toEqual(pushed.map((e) => key({ machine: e.machine, start: e.cycle.start })).sort());
    expect(stored.cycles.every((c) => c.detector === pushed[0]!.detector)).toBe(true);
  });

  it('runs no cycle detector for a profile without cycles', async () => {
    await session.call('simulationStart', { profile: 'servo', machines: 1, seed: 1, speed: 1000 });
    expect(lab.liveCycles.detector).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 600));
    await session.call('simulationStop', {});
    expect(frames).toEqual([]);
  });
});
