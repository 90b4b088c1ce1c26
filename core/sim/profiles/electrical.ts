import type { SensorSpec } from '../../model';
import type { Random } from '../random';

/** Motor and press both measure supply voltage in kV; spikes past 50 kV are data errors, not physics. */
export const VOLTAGE_SENSOR: SensorSpec = { name: 'voltage', unit: 'kV', min: 0, max: 50 };

/**
 * A developing electrical fault at severity `sev` (0 at onset, 1 at failure): the supply sags
 * deeper, gets noisier and throws ever more frequent transients. Transients stay physically
 * plausible (inside the valid range): they are symptoms to learn, not garbage to quarantine.
 */
export function electricalFault(v: number, sev: number, rng: Random): number {
  let out = v * (1 - 0.35 * sev) + rng.normal(0, 0.5 * sev);
  if (rng.double() < 0.03 * sev) out += (rng.double() < 0.5 ? -1 : 1) * rng.uniform(2, 6) * sev;
  return out < 0 ? 0 : out;
}
