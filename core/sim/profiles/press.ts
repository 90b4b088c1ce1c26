import type { LabEvent } from '../../model';
import { severity } from '../fault-track';
import { electricalFault, VOLTAGE_SENSOR } from './electrical';
import type { MachineContext, Profile, ProfileMachine } from './types';

const PERIOD_MS = 100;
const DT_S = PERIOD_MS / 1000;
/** Phase durations, seconds [min, max]. */
const IDLE_S: readonly [number, number] = [5, 40];
const LOAD_S: readonly [number, number] = [15, 90];
/** The drive answers a load change like a first-order system: fast to rise, slower to coast down. */
const RISE_ALPHA = 1 - Math.exp(-DT_S / 1.5);
const FALL_ALPHA = 1 - Math.exp(-DT_S / 3);
/** Levels drift slowly (minutes) so a segmenter cannot rely on fixed thresholds. */
const IDLE_MEAN_KV = 1;
const IDLE_REVERSION = 0.0005;
const IDLE_STEP_KV = 0.003;
const LOAD_REVERSION = 0.0002;
const LOAD_STEP_KV = 0.01;
const NOISE_KV = 0.15;
/** Rare single-sample glitches (still physically valid), which a segmenter must not split on. */
const GLITCH_P = 0.0005;

const ticks = (s: number) => Math.max(1, Math.round((s * 1000) / PERIOD_MS));

/**
 * A press drive's supply voltage over realistic load cycles: random idle and load durations,
 * first-order rise and fall, drifting levels, noise and glitches. Each load phase is emitted as a
 * `cycle` event (onset = load start, detail.end = load end) so segmentation can score itself.
 */
class PressMachine implements ProfileMachine {
  private loading = false;
  /** Ticks left in the current phase. */
  private left: number;
  private level: number;
  private idleKv: number;
  private loadKv: number;
  private readonly loadMeanKv: number;

  constructor(private readonly ctx: MachineContext) {
    const rng = ctx.rng;
    // Machines start part-way through an idle phase so their cycles are not in lockstep.
    this.left = rng.int(1, ticks(IDLE_S[1]));
    this.loadMeanKv = rng.uniform(10, 13);
    this.loadKv = this.loadMeanKv;
    this.idleKv = IDLE_MEAN_KV;
    this.level = this.idleKv;
  }

  run(k0: number, n: number, values: Float64Array, offset: number, events: LabEvent[]): void {
    const { rng, origin, periodMs, name, faults } = this.ctx;
    for (let j = 0; j < n; j++) {
      const t = origin + (k0 + j) * periodMs;
      if (this.left === 0) {
        this.loading = !this.loading;
        const [lo, hi] = this.loading ? LOAD_S : IDLE_S;
        this.left = rng.int(ticks(lo), ticks(hi));
        if (this.loading) {
          const detail = { end: t + this.left * periodMs };
          events.push({ machine: name, kind: 'cycle', onset: t, failure: null, source: 'simulator', detail });
        }
      }
      this.left--;
      this.idleKv += IDLE_REVERSION * (IDLE_MEAN_KV - this.idleKv) + IDLE_STEP_KV * rng.normal();
      this.loadKv += LOAD_REVERSION * (this.loadMeanKv - this.loadKv) + LOAD_STEP_KV * rng.normal();
      const target = this.loading ? this.loadKv : this.idleKv;
      this.level += (target - this.level) * (target > this.level ? RISE_ALPHA : FALL_ALPHA);
      let v = this.level + rng.normal(0, NOISE_KV);
      if (rng.double() < GLITCH_P) v = rng.double() < 0.5 ? v + rng.uniform(3, 8) : v * rng.uniform(0, 0.3);
      const fault = faults?.activeAt(t);
      if (fault) v = electricalFault(v, severity(fault, t), rng);
      values[offset + j] = v < 0 ? 0 : v;
    }
  }
}

export const pressProfile: Profile = {
  name: 'press',
  periodMs: PERIOD_MS,
  sensors: [VOLTAGE_SENSOR],
  createMachine: (ctx) => new PressMachine(ctx),
};
