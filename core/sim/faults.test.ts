import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../model';
import { FAULT_DEVELOPMENT_MS, resolveFaults, type PhysicalFault } from './faults';
import { Simulator, type SimulatorConfig } from './simulator';
import { collectSeries, series, type Series } from './test-util';

const START = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const HOUR = 60 * MIN;

function run(cfg: Partial<SimulatorConfig> & { profile: string }, spanMs: number) {
  const sim = new Simulator({ machines: 6, seed: 21, start: START, ...cfg });
  const results = [...sim.chunks(START + spanMs, 20 * MIN)];
  return {
    sim,
    events: results.flatMap((r) => r.events),
    series: collectSeries(results.map((r) => r.batch)),
  };
}

/** Mean of a series over [a, b). */
function meanIn(s: Series, a: number, b: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < s.ts.length; i++) {
    if (s.ts[i]! >= a && s.ts[i]! < b) {
      sum += s.value[i]!;
      n++;
    }
  }
  return sum / n;
}

/** Physical faults that complete inside the run and have five healthy minutes before them. */
function completed(events: LabEvent[], kind: string, spanMs: number): LabEvent[] {
  const healthyBefore = (e: LabEvent) =>
    e.onset - START > 5 * MIN && !events.some((o) => o.machine === e.machine && o.failure! <= e.onset && o.failure! > e.onset - 5 * MIN);
  return events.filter((e) => e.kind === kind && e.failure! < START + spanMs && healthyBefore(e));
}

describe('fault selection', () => {
  it('resolves `all` to the faults a profile can show', () => {
    expect(resolveFaults('all', 'servo', ['temperature', 'vibration', 'rpm']).physical).toEqual(['bearing_wear', 'overheating', 'imbalance']);
    expect(resolveFaults('all', 'motor', ['voltage']).physical).toEqual(['electrical']);
    const fleet = resolveFaults('all', 'fleet', ['Sensor 1']);
    expect(fleet.physical).toEqual([]);
    expect(fleet.data).toEqual({ stuck: true, dropout: true, spike: true });
    expect(resolveFaults('none', 'servo', ['temperature'])).toEqual({ physical: [], data: { stuck: false, dropout: false, spike: false } });
  });
});

describe('physical faults', () => {
  const span = 8 * HOUR;
  const servo = run({ profile: 'servo', faults: ['bearing_wear', 'overheating', 'imbalance'], faultTiming: { physicalGapMs: 30 * MIN } }, span);

  it('write ground truth: one fault at a time per machine, lasting its development time', () => {
    expect(servo.events.length).toBeGreaterThan(20);
    const byMachine = new Map<string, LabEvent[]>();
    for (const e of servo.events) {
      expect(e.source).toBe('simulator');
      const [lo, hi] = FAULT_DEVELOPMENT_MS[e.kind as PhysicalFault];
      expect(e.failure! - e.onset).toBeGreaterThanOrEqual(lo - 1);
      expect(e.failure! - e.onset).toBeLessThanOrEqual(hi + 1);
      byMachine.set(e.machine, [...(byMachine.get(e.machine) ?? []), e]);
    }
    for (const list of byMachine.values()) {
      for (let i = 1; i < list.length; i++) expect(list[i]!.onset).toBeGreaterThan(list[i - 1]!.failure!);
    }
    expect(new Set(servo.events.map((e) => e.kind))).toEqual(new Set(['bearing_wear', 'overheating', 'imbalance']));
  });

  it('bearing_wear: vibration grows until failure', () => {
    const faults = completed(servo.events, 'bearing_wear', span);
    expect(faults.length).toBeGreaterThan(0);
    for (const e of faults) {
      const vib = series(servo.series, e.machine, 'vibration');
      const d = e.failure! - e.onset;
      const before = meanIn(vib, e.onset - 5 * MIN, e.onset);
      const early = meanIn(vib, e.onset, e.onset + d / 4);
      const late = meanIn(vib, e.failure! - d / 10, e.failure!);
      expect(late).toBeGreaterThan(5 * before);
      expect(late).toBeGreaterThan(2 * early);
      // Repaired at failure: back to healthy.
      expect(meanIn(vib, e.failure! + MIN, e.failure! + 3 * MIN)).toBeLessThan(2 * before);
    }
  });

  it('overheating: temperature climbs far above the healthy band', () => {
    const faults = completed(servo.events, 'overheating', span);
    expect(faults.length).toBeGreaterThan(0);
    for (const e of faults) {
      const temp = series(servo.series, e.machine, 'temperature');
      const before = meanIn(temp, e.onset - 5 * MIN, e.onset);
      expect(before).toBeLessThan(92);
      expect(meanIn(temp, e.failure! - MIN, e.failure!)).toBeGreaterThan(before + 30);
    }
  });

  it('imbalance: vibration swings grow with severity', () => {
    const faults = completed(servo.events, 'imbalance', span);
    expect(faults.length).toBeGreaterThan(0);
    for (const e of faults) {
      const vib = series(servo.series, e.machine, 'vibration');
      const before = meanIn(vib, e.onset - 5 * MIN, e.onset);
      expect(meanIn(vib, e.failure! - 2 * MIN, e.failure!)).toBeGreaterThan(before + 0.5);
    }
  });

  it('electrical: motor voltage sags and gets noisy before failure', () => {
    const motor = run({ profile: 'motor', faults: 'electrical', faultTiming: { physicalGapMs: 20 * MIN } }, 4 * HOUR);
    const faults = completed(motor.events, 'electrical', 4 * HOUR);
    expect(faults.length).toBeGreaterThan(3);
    for (const e of faults) {
      const v = series(motor.series, e.machine, 'voltage');
      const d = e.failure! - e.onset;
      // Whole 6 s cycles on both sides so the waveform averages out.
      const window = Math.floor(d / 5 / 6000) * 6000;
      expect(meanIn(v, e.failure! - window, e.failure!)).toBeLessThan(0.85 * meanIn(v, e.onset - window, e.onset));
    }
  });
});

describe('data faults', () => {
  const span = 2 * HOUR;
  const timing = { stuckGapMs: 15 * MIN, dropoutGapMs: 15 * MIN, spikeGapMs: 2 * MIN };
  const servo = run({ profile: 'servo', faults: ['stuck', 'dropout', 'spike'], faultTiming: timing }, span);
  const specs = new Map(servo.sim.sensors().map((s) => [s.name, s]));
  const ofKind = (kind: string) => servo.events.filter((e) => e.kind === kind);

  it('spike: single samples far outside the valid range, each with ground truth', () => {
    const spikes = ofKind('spike');
    // ~60 per machine-hour at a 2 min mean gap, minus those swallowed by dropouts.
    expect(spikes.length).toBeGreaterThan(6 * 2 * 20);
    const truth = new Set(spikes.map((e) => `${e.machine}/${e.detail!.sensor}/${e.onset}/${e.detail!.value}`));
    let outOfRange = 0;
    for (const [key, s] of servo.series) {
      const [machine, sensor] = key.split('/') as [string, string];
      const { min, max } = specs.get(sensor)!;
      for (let i = 0; i < s.ts.length; i++) {
        if (s.value[i]! < min || s.value[i]! > max) {
          outOfRange++;
          expect(truth.has(`${machine}/${sensor}/${s.ts[i]}/${s.value[i]}`)).toBe(true);
        }
      }
    }
    expect(outOfRange).toBe(spikes.length);
    for (const e of spikes) expect(e.failure).toBeNull();
  });

  it('stuck: one sensor repeats its onset value for the episode', () => {
    const stuck = ofKind('stuck').filter((e) => (e.detail!.end as number) < START + span);
    expect(stuck.length).toBeGreaterThan(10);
    for (const e of stuck) {
      const s = series(servo.series, e.machine, e.detail!.sensor as string);
      const end = e.detail!.end as number;
      const inside: number[] = [];
      for (let i = 0; i < s.ts.length; i++) if (s.ts[i]! >= e.onset && s.ts[i]! < end) inside.push(s.value[i]!);
      const specsOf = specs.get(e.detail!.sensor as string)!;
      // Spikes may land inside; every other reading is the frozen value.
      const frozen = inside.filter((v) => v >= specsOf.min && v <= specsOf.max);
      expect(new Set(frozen)).toEqual(new Set(frozen.length ? [e.detail!.value] : []));
    }
  });

  it('dropout: the machine sends nothing for a while', () => {
    const drops = ofKind('dropout').filter((e) => (e.detail!.end as number) < START + span);
    expect(drops.length).toBeGreaterThan(10);
    for (const e of drops) {
      const end = e.detail!.end as number;
      for (const sensor of ['temperature', 'vibration', 'rpm']) {
        const ts = series(servo.series, e.machine, sensor).ts;
        const i = ts.findIndex((t) => t >= e.onset);
        // The first reading at or after onset is the one at `end`; the one before is a tick earlier.
        if (ts[i] !== end && !ofKind('dropout').some((o) => o.machine === e.machine && o.onset === end)) {
          throw new Error(`${e.machine}/${sensor}: expected next reading at ${end}, got ${ts[i]}`);
        }
        expect(e.onset - ts[i - 1]!).toBe(100);
      }
    }
  });
});
