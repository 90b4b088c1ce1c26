import type { SensorSpec } from '../../model';
import { severity } from '../fault-track';
import type { MachineContext, Profile, ProfileMachine } from './types';

/** Valid ranges are generous: a failing machine must still produce storable readings. */
export const SERVO_SENSORS: readonly SensorSpec[] = [
  { name: 'temperature', unit: '°C', min: -50, max: 200 },
  { name: 'vibration', unit: 'mm/s', min: 0, max: 50 },
  { name: 'rpm', unit: 'rpm', min: 0, max: 10_000 },
];

const PERIOD_MS = 100;
const DT_S = PERIOD_MS / 1000;
/** Thermal time constant: temperature trails load by about a minute. */
const THERMAL_TAU_S = 60;
const THERMAL_ALPHA = 1 - Math.exp(-DT_S / THERMAL_TAU_S);
/** Load wanders around its machine's mean with a ~50 s memory. */
const LOAD_REVERSION = 0.002;
const LOAD_STEP_SD = 0.01;

/**
 * Healthy and fault-free, a servo reads independent uniforms (the original demo's contract:
 * temperature 60–90 °C, vibration 0–0.3, rpm 1000–2500). When physical faults are on it switches
 * to a small physics model so faults have causes and lags: load drives rpm, vibration and, through
 * a thermal lag, temperature.
 */
class ServoMachine implements ProfileMachine {
  private load: number;
  private readonly loadMean: number;
  private temp: number;

  constructor(private readonly ctx: MachineContext) {
    this.loadMean = ctx.rng.uniform(0.3, 0.7);
    this.load = this.loadMean;
    this.temp = 60 + 30 * this.load;
  }

  run(k0: number, n: number, values: Float64Array, offset: number): void {
    if (this.ctx.faults) this.runPhysics(k0, n, values, offset);
    else this.runUniform(n, values, offset);
  }

  private runUniform(n: number, values: Float64Array, offset: number): void {
    const rng = this.ctx.rng;
    const vib = offset + n;
    const rpm = offset + 2 * n;
    for (let j = 0; j < n; j++) {
      values[offset + j] = 60 + 30 * rng.double();
      values[vib + j] = 0.3 * rng.double();
      values[rpm + j] = 1000 + 1500 * rng.double();
    }
  }

  private runPhysics(k0: number, n: number, values: Float64Array, offset: number): void {
    const { rng, origin, periodMs, start } = this.ctx;
    const faults = this.ctx.faults!;
    let load = this.load;
    let temp = this.temp;
    for (let j = 0; j < n; j++) {
      const t = origin + (k0 + j) * periodMs;
      load += LOAD_REVERSION * (this.loadMean - load) + LOAD_STEP_SD * rng.normal();
      load = load < 0 ? 0 : load > 1 ? 1 : load;
      const rpm = 1000 + 1500 * load + rng.normal(0, 10);
      let heat = 60 + 30 * load;
      let vib = 0.05 + 0.2 * load + rng.normal(0, 0.015);
      const fault = faults.activeAt(t);
      if (fault) {
        const sev = severity(fault, t);
        if (fault.kind === 'overheating') heat += 90 * sev * sev;
        else if (fault.kind === 'bearing_wear') vib += 0.03 * (Math.exp(4.5 * sev) - 1) + Math.abs(rng.normal(0, 0.1 * sev));
        else if (fault.kind === 'imbalance') {
          // Once-per-revolution forcing, seen (aliased) through the 10 Hz sampling.
          const revolutions = (rpm / 60) * ((t - start) / 1000);
          vib += 1.5 * sev * Math.abs(Math.sin(2 * Math.PI * revolutions));
        }
      }
      temp += (heat - temp) * THERMAL_ALPHA;
      values[offset + j] = temp + rng.normal(0, 0.3);
      values[offset + n + j] = vib < 0 ? 0 : vib;
      values[offset + 2 * n + j] = rpm;
    }
    this.load = load;
    this.temp = temp;
  }
}

export const servoProfile: Profile = {
  name: 'servo',
  periodMs: PERIOD_MS,
  sensors: SERVO_SENSORS,
  createMachine: (ctx) => new ServoMachine(ctx),
};
