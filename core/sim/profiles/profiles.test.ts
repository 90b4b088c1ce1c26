import { describe, expect, it } from 'vitest';
import { EPISODE_START_P, EPISODE_TICKS } from './fleet';
import { Simulator, type SimulatorConfig } from '../simulator';
import { collectSeries, mean, series } from '../test-util';

const START = Date.UTC(2026, 0, 1);
const MIN = 60_000;

function run(cfg: Partial<SimulatorConfig> & { profile: string }, spanMs: number) {
  const sim = new Simulator({ machines: 3, seed: 5, start: START, ...cfg });
  const result = sim.generate(START + spanMs);
  return { sim, ...result, series: collectSeries([result.batch]) };
}

function range(values: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return [lo, hi];
}

function expectSpacing(ts: Float64Array, periodMs: number): void {
  for (let i = 1; i < ts.length; i++) if (ts[i]! - ts[i - 1]! !== periodMs) throw new Error(`gap at ${i}: ${ts[i]! - ts[i - 1]!}`);
}

describe('servo profile', () => {
  it('reads uniform temperature 60–90, vibration 0–0.3, rpm 1000–2500 at 10 Hz without faults', () => {
    const { series: all, events } = run({ profile: 'servo', machines: 10 }, 10 * MIN);
    expect(events).toEqual([]);
    expect(all.size).toBe(30);
    for (const m of ['M-001', 'M-010']) {
      const temp = series(all, m, 'temperature');
      expect(temp.ts.length).toBe(6000);
      expectSpacing(temp.ts, 100);
      expect(temp.ts[0]! - START).toBeLessThan(100);
      const [tLo, tHi] = range(temp.value);
      expect(tLo).toBeGreaterThanOrEqual(60);
      expect(tHi).toBeLessThan(90);
      expect(mean(temp.value)).toBeCloseTo(75, 0);
      const [vLo, vHi] = range(series(all, m, 'vibration').value);
      expect(vLo).toBeGreaterThanOrEqual(0);
      expect(vHi).toBeLessThan(0.3);
      const [rLo, rHi] = range(series(all, m, 'rpm').value);
      expect(rLo).toBeGreaterThanOrEqual(1000);
      expect(rHi).toBeLessThan(2500);
    }
  });

  it('with physical faults on, temperature follows load (rpm) with a lag', () => {
    // A long first gap keeps the machines healthy: this looks at the physics alone.
    const { series: all } = run({ profile: 'servo', faults: ['overheating'], faultTiming: { physicalGapMs: 1e12 } }, 60 * MIN);
    const temp = series(all, 'M-001', 'temperature').value;
    const rpm = series(all, 'M-001', 'rpm').value;
    const corrAt = (lag: number) => {
      const n = temp.length - lag;
      const a = rpm.subarray(0, n);
      const b = temp.subarray(lag, lag + n);
      const ma = mean(a);
      const mb = mean(b);
      let sab = 0;
      let saa = 0;
      let sbb = 0;
      for (let i = 0; i < n; i++) {
        sab += (a[i]! - ma) * (b[i]! - mb);
        saa += (a[i]! - ma) ** 2;
        sbb += (b[i]! - mb) ** 2;
      }
      return sab / Math.sqrt(saa * sbb);
    };
    expect(corrAt(600)).toBeGreaterThan(0.5);
    expect(corrAt(600)).toBeGreaterThan(corrAt(0));
    const [lo, hi] = range(temp);
    expect(lo).toBeGreaterThan(55);
    expect(hi).toBeLessThan(95);
  });
});

describe('fleet profile', () => {
  const span = 2 * 60 * MIN;
  const machines = 10;
  const fleet = run({ profile: 'fleet', machines }, span);

  it('reads 20 sensors every 500 ms', () => {
    expect(fleet.series.size).toBe(machines * 20);
    const s = series(fleet.series, 'M-004', 'Sensor 20');
    expect(s.ts.length).toBe(span / 500);
    expectSpacing(s.ts, 500);
  });

  it('starts failure episodes as often as their chance per healthy tick implies', () => {
    // Healthy ticks before a start: (1 − p)/p on average; an episode lasts (30 + 60)/2 ticks.
    const cycleTicks = (1 - EPISODE_START_P) / EPISODE_START_P + (EPISODE_TICKS[0] + EPISODE_TICKS[1]) / 2;
    const expected = (machines * span) / 500 / cycleTicks;
    expect(fleet.events.length).toBeGreaterThan(expected * 0.9);
    expect(fleet.events.length).toBeLessThan(expected * 1.1);
    const kinds = new Map<string, number>();
    for (const e of fleet.events) {
      const ticks = (e.failure! - e.onset) / 500;
      expect(ticks).toBeGreaterThanOrEqual(EPISODE_TICKS[0]);
      expect(ticks).toBeLessThanOrEqual(EPISODE_TICKS[1]);
      kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
    }
    expect([...kinds.keys()].sort()).toEqual(['failure_pattern_1', 'failure_pattern_2', 'failure_pattern_3']);
    for (const n of kinds.values()) expect(n).toBeGreaterThan(fleet.events.length / 4);
  });

  it('blends the failure pattern into the readings', () => {
    const stats = new Map<string, { sum: number; sq: number; n: number }>();
    for (const e of fleet.events.filter((x) => x.machine === 'M-001')) {
      const s = series(fleet.series, 'M-001', 'Sensor 7');
      // Fully blended part: from 10 ticks after onset until the end.
      for (let i = 0; i < s.ts.length; i++) {
        if (s.ts[i]! >= e.onset + 10 * 500 && s.ts[i]! < e.failure!) {
          const acc = stats.get(e.kind) ?? { sum: 0, sq: 0, n: 0 };
          acc.sum += s.value[i]!;
          acc.sq += s.value[i]! ** 2;
          acc.n++;
          stats.set(e.kind, acc);
        }
      }
    }
    const moments = (k: string) => {
      const a = stats.get(k)!;
      const m = a.sum / a.n;
      return [m, Math.sqrt(a.sq / a.n - m * m)] as const;
    };
    expect(moments('failure_pattern_1')[0]).toBeCloseTo(0.8, 1);
    expect(moments('failure_pattern_2')[0]).toBeCloseTo(-0.8, 1);
    expect(moments('failure_pattern_3')[1]).toBeGreaterThan(1.7);
    expect(moments('failure_pattern_1')[1]).toBeLessThan(0.4);
  });
});

describe('motor profile', () => {
  it('follows (peak − base)·sin(2πt/T) + base + N(0, 0.3) floored at base', () => {
    const { series: all } = run({ profile: 'motor', machines: 2 }, 10 * MIN);
    const s = series(all, 'M-002', 'voltage');
    expect(s.ts.length).toBe(6000);
    expectSpacing(s.ts, 100);
    const [lo, hi] = range(s.value);
    expect(lo).toBe(1);
    expect(hi).toBeGreaterThan(13);
    expect(hi).toBeLessThan(14.8);
    const floored = s.value.filter((v) => v === 1).length / s.value.length;
    expect(floored).toBeGreaterThan(0.48);
    expect(floored).toBeLessThan(0.56);
    // Find the machine's phase by least squares; the residual must then be the 0.3 kV noise.
    let best = Infinity;
    for (let phase = 0; phase < 6; phase += 0.01) {
      let sq = 0;
      let n = 0;
      for (let i = 0; i < s.ts.length; i++) {
        const model = 12 * Math.sin((2 * Math.PI * ((s.ts[i]! - START) / 1000 + phase)) / 6) + 1;
        if (model > 3) {
          sq += (s.value[i]! - model) ** 2;
          n++;
        }
      }
      best = Math.min(best, Math.sqrt(sq / n));
    }
    expect(best).toBeGreaterThan(0.27);
    expect(best).toBeLessThan(0.33);
  });

  it('takes custom waveform parameters', () => {
    const { series: all } = run({ profile: 'motor', motor: { peakKv: 5, baseKv: 2, noiseKv: 0 } }, MIN);
    const [lo, hi] = range(series(all, 'M-001', 'voltage').value);
    expect(lo).toBe(2);
    expect(hi).toBeLessThanOrEqual(5);
    expect(hi).toBeGreaterThan(4.95);
  });
});

describe('press profile', () => {
  it('emits load cycles that match the voltage', () => {
    const { series: all, events } = run({ profile: 'press', machines: 2 }, 60 * MIN);
    const cycles = events.filter((e) => e.machine === 'M-001');
    // Mean cycle: 52.5 s of load + 22.5 s idle.
    expect(cycles.length).toBeGreaterThan(35);
    expect(cycles.length).toBeLessThan(65);
    const s = series(all, 'M-001', 'voltage');
    const meanIn = (a: number, b: number) => {
      const idx = s.ts.findIndex((t) => t >= a);
      const end = s.ts.findIndex((t) => t >= b);
      return mean(s.value, idx, end < 0 ? s.ts.length : end);
    };
    for (let i = 0; i < cycles.length; i++) {
      const c = cycles[i]!;
      const end = c.detail!.end as number;
      expect(c.kind).toBe('cycle');
      expect(c.failure).toBeNull();
      expect((end - c.onset) / 1000).toBeGreaterThanOrEqual(15);
      expect((end - c.onset) / 1000).toBeLessThanOrEqual(90);
      // Loaded (after the ~1.5 s rise) well above idle (after the ~3 s fall).
      expect(meanIn(c.onset + 6000, end)).toBeGreaterThan(8);
      const next = cycles[i + 1];
      if (next && next.onset - end > 16_000) expect(meanIn(end + 15_000, next.onset)).toBeLessThan(2);
      if (next) expect((next.onset - end) / 1000).toBeGreaterThanOrEqual(5);
    }
  });
});
