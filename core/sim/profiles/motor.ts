import { LabError } from '../../model';
import { severity } from '../fault-track';
import { electricalFault, VOLTAGE_SENSOR } from './electrical';
import type { MachineContext, Profile, ProfileMachine } from './types';

/** The Motor project's voltage waveform; levels in kV. */
export interface MotorParams {
  /** Period of one load cycle, seconds. */
  cycleS: number;
  peakKv: number;
  baseKv: number;
  /** Standard deviation of the measurement noise, kV. */
  noiseKv: number;
}

export const DEFAULT_MOTOR: Readonly<MotorParams> = { cycleS: 6, peakKv: 13, baseKv: 1, noiseKv: 0.3 };

const PERIOD_MS = 100;

export function resolveMotorParams(overrides: Partial<MotorParams> | undefined): MotorParams {
  const p = { ...DEFAULT_MOTOR, ...overrides };
  const finite = Object.values(p).every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!finite || p.cycleS <= 0 || p.noiseKv < 0 || p.baseKv < 0 || p.peakKv <= p.baseKv || p.peakKv > VOLTAGE_SENSOR.max) {
    throw new LabError('usage', `invalid motor parameters ${JSON.stringify(p)} (need cycleS > 0, 0 <= baseKv < peakKv <= 50, noiseKv >= 0)`);
  }
  return p;
}

/**
 * voltage = (peak − base)·sin(2πt / t_cycle) + base + N(0, noise), floored at base: the positive
 * half-wave is the load, the floor is idle. Each machine runs at its own phase.
 */
class MotorMachine implements ProfileMachine {
  private readonly phaseS: number;

  constructor(
    private readonly ctx: MachineContext,
    private readonly p: MotorParams,
  ) {
    this.phaseS = ctx.rng.uniform(0, p.cycleS);
  }

  run(k0: number, n: number, values: Float64Array, offset: number): void {
    const { rng, origin, periodMs, start, faults } = this.ctx;
    const { cycleS, peakKv, baseKv, noiseKv } = this.p;
    const omega = (2 * Math.PI) / cycleS;
    for (let j = 0; j < n; j++) {
      const t = origin + (k0 + j) * periodMs;
      const ts = (t - start) / 1000 + this.phaseS;
      let v = (peakKv - baseKv) * Math.sin(omega * ts) + baseKv + rng.normal(0, noiseKv);
      if (v < baseKv) v = baseKv;
      const fault = faults?.activeAt(t);
      values[offset + j] = fault ? electricalFault(v, severity(fault, t), rng) : v;
    }
  }
}

export function motorProfile(params: MotorParams = DEFAULT_MOTOR): Profile {
  return {
    name: 'motor',
    periodMs: PERIOD_MS,
    sensors: [VOLTAGE_SENSOR],
    createMachine: (ctx: MachineContext) => new MotorMachine(ctx, params),
  };
}
