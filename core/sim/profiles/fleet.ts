import type { LabEvent, SensorSpec } from '../../model';
import type { MachineContext, Profile, ProfileMachine } from './types';

const SENSOR_COUNT = 20;
const PERIOD_MS = 500;

export const FLEET_SENSORS: readonly SensorSpec[] = Array.from({ length: SENSOR_COUNT }, (_, i) => ({
  name: `Sensor ${i + 1}`,
  unit: '',
  min: -100,
  max: 100,
}));

/**
 * Each tick outside an episode starts one with this probability: a failure every ~4 minutes per
 * machine. (It was 5 %: machines spent 70 % of their time failing, so "a failure within 30 s" was
 * true of nine windows in ten and a model that always warned looked accurate.)
 */
export const EPISODE_START_P = 0.002;
/** Episodes last this many ticks, inclusive. */
export const EPISODE_TICKS: readonly [number, number] = [30, 60];
/** Ticks for a failure pattern to fully take over the healthy signal. */
const BLEND_TICKS = 10;
/** The three failure signatures: readings drift to N(mean, sd). */
const PATTERN_MEAN = [0.8, -0.8, 0] as const;
const PATTERN_SD = [0.3, 0.3, 2] as const;
/** Healthy signal: x ← x + θ(0 − x) + σ·N(0,1), stationary sd ≈ 0.23. */
const REVERSION = 0.1;
const STEP_SD = 0.1;

/**
 * A fleet of anonymous 20-sensor machines (the classic predictive-maintenance toy): healthy
 * mean-reverting walks, interrupted now and then by failure episodes whose pattern blends in over
 * ten ticks and lasts until the failure at the episode's end. The episodes are the ground truth a
 * classifier is trained against: the pattern is the warning, 15–30 s ahead of the failure.
 */
class FleetMachine implements ProfileMachine {
  private readonly walk = new Float64Array(SENSOR_COUNT);
  /** Ticks into the current episode, or -1 when healthy. */
  private age = -1;
  private length = 0;
  private pattern = 0;

  constructor(private readonly ctx: MachineContext) {
    for (let s = 0; s < SENSOR_COUNT; s++) this.walk[s] = ctx.rng.normal(0, 0.2);
  }

  run(k0: number, n: number, values: Float64Array, offset: number, events: LabEvent[]): void {
    const { rng, origin, periodMs, name } = this.ctx;
    const walk = this.walk;
    for (let j = 0; j < n; j++) {
      if (this.age < 0 && rng.double() < EPISODE_START_P) {
        const t = origin + (k0 + j) * periodMs;
        this.age = 0;
        this.pattern = rng.int(0, 2);
        this.length = rng.int(EPISODE_TICKS[0], EPISODE_TICKS[1]);
        events.push({
          machine: name,
          kind: `failure_pattern_${this.pattern + 1}`,
          onset: t,
          failure: t + this.length * periodMs,
          source: 'simulator',
          detail: { pattern: this.pattern + 1 },
        });
      }
      const w = this.age < 0 ? 0 : Math.min(1, this.age / BLEND_TICKS);
      const mean = PATTERN_MEAN[this.pattern]!;
      const sd = PATTERN_SD[this.pattern]!;
      for (let s = 0; s < SENSOR_COUNT; s++) {
        const x = walk[s]! + REVERSION * -walk[s]! + STEP_SD * rng.normal();
        walk[s] = x;
        values[offset + s * n + j] = w === 0 ? x : (1 - w) * x + w * rng.normal(mean, sd);
      }
      if (this.age >= 0 && ++this.age >= this.length) this.age = -1;
    }
  }
}

export const fleetProfile: Profile = {
  name: 'fleet',
  periodMs: PERIOD_MS,
  sensors: FLEET_SENSORS,
  createMachine: (ctx) => new FleetMachine(ctx),
};
