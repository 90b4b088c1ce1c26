import { LabError } from '../model';
import type { Catalog } from './catalog';

/** A resolved machine × sensor pair. */
export interface SeriesRef {
  machine: string;
  sensor: string;
  machineId: number;
  sensorId: number;
}

export function resolveSeries(catalog: Catalog, machine: string, sensor: string): SeriesRef {
  const machineId = catalog.machineId(machine);
  if (machineId === undefined) throw new LabError('not_found', `unknown machine "${machine}"`);
  const sensorId = catalog.sensorId(sensor);
  if (sensorId === undefined) throw new LabError('not_found', `unknown sensor "${sensor}"`);
  return { machine, sensor, machineId, sensorId };
}

/** Epoch ms → integer epoch µs, the unit every SQL time parameter uses. */
export function toMicros(ms: number): number {
  return Math.round(ms * 1000);
}

/** Quotes a string literal for the few places DuckDB takes no parameter (COPY targets). */
export function sqlString(text: string): string {
  if (text.includes('\0')) throw new LabError('invalid_input', 'text contains a NUL character');
  return `'${text.replaceAll("'", "''")}'`;
}

/** Quotes an identifier (table or column name supplied by a user). */
export function sqlIdentifier(name: string): string {
  if (name.includes('\0')) throw new LabError('invalid_input', 'name contains a NUL character');
  return `"${name.replaceAll('"', '""')}"`;
}
