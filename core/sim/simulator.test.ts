import { describe, expect, it } from 'vitest';
import { Random } from './random';
import { machineName, Simulator, type GenerateResult, type SimulatorConfig } from './simulator';
import { allEvents, collectSeries, sameBits } from './test-util';

const START = Date.UTC(2026, 0, 1);
const MIN = 60_000;

/** Short fault gaps so a few simulated minutes exercise every fault and its straddling of calls. */
const busyTiming = { physicalGapMs: 3 * MIN, stuckGapMs: 2 * MIN, dropoutGapMs: 2 * MIN, spikeGapMs: 20_000 };

function config(profile: string, over: Partial<SimulatorConfig> = {}): SimulatorConfig {
  return { profile, machines: 4, seed: 11, start: START, faults: 'all', faultTiming: busyTiming, ...over };
}

function runInSteps(cfg: SimulatorConfig, cuts: readonly number[]): GenerateResult[] {
  const sim = new Simulator(cfg);
  return cuts.map((t) => sim.generate(t));
}

function expectSameOutput(a: GenerateResult[], b: GenerateResult[]): void {
  const sa = collectSeries(a.map((r) => r.batch));
  const sb = collectSeries(b.map((r) => r.batch));
  expect([...sa.keys()]).toEqual([...sb.keys()]);
  for (const [key, s] of sa) {
    const o = sb.get(key)!;
    expect(sameBits(s.ts, o.ts), `${key} ts`).toBe(true);
    expect(sameBits(s.value, o.value), `${key} values`).toBe(true);
  }
  expect(allEvents(a)).toEqual(allEvents(b));
}

describe('Simulator determinism', () => {
  const end = START + 40 * MIN;

  it.each(['servo', 'fleet', 'motor', 'press'])('%s: same config gives bit-identical output', (profile) => {
    expectSameOutput(runInSteps(config(profile), [end]), runInSteps(config(profile), [end]));
  });

  it.each(['servo', 'fleet', 'motor', 'press'])('%s: output does not depend on how time is chunked', (profile) => {
    const whole = runInSteps(config(profile), [end]);
    // Irregular cuts: sub-tick steps, cuts exactly on tick times, empty and backwards calls, big jumps.
    const rng = Random.stream(99, 0, 'cuts');
    const cuts: number[] = [];
    for (let t = START; t < end; ) {
      t = Math.min(end, t + (rng.chance(0.2) ? rng.int(0, 3) : rng.int(1, 90_000)) + (rng.chance(0.3) ? 0.25 : 0));
      cuts.push(t);
      if (rng.chance(0.05)) cuts.push(t - 500);
    }
    const chunked = runInSteps(config(profile), cuts);
    expectSameOutput(whole, chunked);
    expect(chunked.length).toBeGreaterThan(20);
    expect(allEvents(whole).length).toBeGreaterThan(10);
  });

  it('different seeds give different data', () => {
    const a = runInSteps(config('servo', { seed: 1 }), [START + MIN])[0]!;
    const b = runInSteps(config('servo', { seed: 2 }), [START + MIN])[0]!;
    expect(sameBits(a.batch.value.subarray(0, 100), b.batch.value.subarray(0, 100))).toBe(false);
  });

  it('adding data faults does not change the clean readings underneath', () => {
    const clean = collectSeries([runInSteps(config('motor', { faults: 'none' }), [START + 30 * MIN])[0]!.batch]);
    const spiky = collectSeries([runInSteps(config('motor', { faults: ['spike'] }), [START + 30 * MIN])[0]!.batch]);
    for (const [key, s] of clean) {
      const o = spiky.get(key)!;
      let differing = 0;
      for (let i = 0; i < s.value.length; i++) if (s.value[i] !== o.value[i]) differing++;
      expect(differing).toBeGreaterThan(0);
      expect(differing).toBeLessThan(s.value.length / 100);
    }
  });
});

describe('Simulator batches', () => {
  it('orders rows by machine, then sensor, then time', () => {
    const { batch } = new Simulator(config('servo')).generate(START + 10 * MIN);
    for (let i = 1; i < batch.length; i++) {
      const order =
        batch.machine[i - 1]! - batch.machine[i]! || batch.sensor[i - 1]! - batch.sensor[i]! || batch.ts[i - 1]! - batch.ts[i]!;
      if (order >= 0) throw new Error(`row ${i} out of order`);
    }
    expect(batch.machines).toEqual(['M-001', 'M-002', 'M-003', 'M-004']);
    expect(batch.sensors).toEqual(['temperature', 'vibration', 'rpm']);
  });

  it('covers [position, until) and advances', () => {
    const sim = new Simulator(config('servo', { faults: 'none', machines: 2 }));
    expect(sim.position).toBe(START);
    const first = sim.generate(START + 1000);
    expect(sim.position).toBe(START + 1000);
    expect(first.batch.length).toBe(2 * 3 * 10);
    const ts = first.batch.ts.subarray(0, first.batch.length);
    expect(Math.min(...ts)).toBeGreaterThanOrEqual(START);
    expect(Math.max(...ts)).toBeLessThan(START + 1000);
    expect(sim.generate(START + 500).batch.length).toBe(0);
    expect(sim.position).toBe(START + 1000);
  });

  it('names machines M-001 … and reports the profile sensors', () => {
    const sim = new Simulator(config('fleet', { machines: 12 }));
    expect(sim.machineNames().slice(0, 2)).toEqual(['M-001', 'M-002']);
    expect(sim.machineNames()[11]).toBe('M-012');
    expect(machineName(1233)).toBe('M-1234');
    expect(sim.sensors()).toHaveLength(20);
    expect(sim.sensors()[0]).toEqual({ name: 'Sensor 1', unit: '', min: -100, max: 100 });
  });

  it('walks a long span in bounded chunks', () => {
    const sim = new Simulator(config('motor', { faults: 'none', machines: 3 }));
    const parts = [...sim.chunks(START + 10 * MIN, MIN)];
    expect(parts).toHaveLength(10);
    expect(parts.reduce((n, p) => n + p.batch.length, 0)).toBe(3 * 10 * 60 * 10);
  });

  it('emits ground truth once, in the call whose range holds its onset', () => {
    const sim = new Simulator(config('servo'));
    let from = START;
    const seen = new Set<string>();
    for (let t = START + 7_000; t < START + 60 * MIN; t += 7_000) {
      for (const e of sim.generate(t).events) {
        expect(e.onset).toBeGreaterThanOrEqual(from);
        expect(e.onset).toBeLessThan(t);
        expect(e.source).toBe('simulator');
        const key = JSON.stringify(e);
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
      from = t;
    }
    expect(seen.size).toBeGreaterThan(0);
  });
});

describe('Simulator config validation', () => {
  const bad: [string, Partial<SimulatorConfig>, RegExp][] = [
    ['unknown profile', { profile: 'toaster' }, /unknown profile "toaster"/],
    ['zero machines', { machines: 0 }, /machine count/],
    ['too many machines', { machines: 10_001 }, /machine count/],
    ['fractional machines', { machines: 2.5 }, /machine count/],
    ['NaN seed', { seed: NaN }, /seed/],
    ['infinite seed', { seed: Infinity }, /seed/],
    ['bad start', { start: -1 }, /start/],
    ['unknown fault', { faults: ['bearing_wear', 'gremlins'] }, /unknown fault "gremlins"/],
    ['fault without its sensor', { profile: 'motor', faults: 'overheating' }, /needs sensor temperature/],
    ['empty fault list', { faults: [] }, /empty faults/],
    ['bad timing', { faultTiming: { spikeGapMs: 0 } }, /fault timing spikeGapMs/],
    ['bad motor', { profile: 'motor', motor: { peakKv: 0.5 } }, /motor parameters/],
  ];
  it.each(bad)('rejects %s', (_, over, message) => {
    let caught: unknown;
    try {
      new Simulator(config('servo', over));
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: 'usage', message: expect.stringMatching(message) });
    expect((caught as Error).message).not.toContain('\n');
  });

  it('rejects non-finite generate times', () => {
    expect(() => new Simulator(config('servo')).generate(NaN)).toThrow(/finite time/);
  });

  it('accepts a comma-separated fault list', () => {
    const sim = new Simulator(config('servo', { faults: 'bearing_wear, spike' }));
    expect(sim.faults.physical).toEqual(['bearing_wear']);
    expect(sim.faults.data).toEqual({ stuck: false, dropout: false, spike: true });
  });
});
