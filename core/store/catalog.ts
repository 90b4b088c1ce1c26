import { DOUBLE, USMALLINT, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { LabError, type SensorSpec } from '../model';
import type { Workspace } from './workspace';

const MAX_IDS = 65_536;

/**
 * The dictionaries behind `readings.machine` / `readings.sensor`: name ↔ small integer id, plus
 * each sensor's unit and valid range. Cached in memory; `reload` after a rolled-back transaction.
 */
export class Catalog {
  private machineIds = new Map<string, number>();
  private sensorIds = new Map<string, number>();
  private sensorSpecs = new Map<string, SensorSpec>();
  private pending: Promise<unknown> = Promise.resolve();

  constructor(private readonly ws: Workspace) {}

  static async load(ws: Workspace): Promise<Catalog> {
    const catalog = new Catalog(ws);
    await catalog.reload();
    return catalog;
  }

  async reload(): Promise<void> {
    const machines = await this.ws.rows<{ id: number; name: string }>(`SELECT id, name FROM machines`);
    const sensors = await this.ws.rows<{ id: number; name: string; unit: string; min_valid: number; max_valid: number }>(
      `SELECT id, name, unit, min_valid, max_valid FROM sensors`,
    );
    this.machineIds = new Map(machines.map((m) => [m.name, m.id]));
    this.sensorIds = new Map(sensors.map((s) => [s.name, s.id]));
    this.sensorSpecs = new Map(sensors.map((s) => [s.name, { name: s.name, unit: s.unit, min: s.min_valid, max: s.max_valid }]));
  }

  machineId(name: string): number | undefined {
    return this.machineIds.get(name);
  }

  sensorId(name: string): number | undefined {
    return this.sensorIds.get(name);
  }

  machineNames(): string[] {
    return [...this.machineIds.keys()];
  }

  sensors(): SensorSpec[] {
    return [...this.sensorSpecs.values()];
  }

  /** Valid ranges by sensor name, what `prepareBatch` validates against. */
  ranges(): ReadonlyMap<string, SensorSpec> {
    return this.sensorSpecs;
  }

  /** Registers sensors that do not exist yet; an existing sensor keeps its unit and range. */
  defineSensors(specs: readonly SensorSpec[]): Promise<void> {
    return this.serialised(async () => {
      const missing = specs.filter((s) => !this.sensorIds.has(s.name));
      if (missing.length) await this.ws.transaction((con) => this.insertSensors(con, missing));
    });
  }

  /**
   * Lookup tables from batch-local machine and sensor ids to workspace ids. Unknown names are
   * inserted in their own short transaction — an unused dictionary entry is harmless if the
   * batch itself later rolls back — so concurrent batch transactions never race on them.
   */
  lookups(machines: readonly string[], sensors: readonly string[], profile: string | null): Promise<{ machine: Uint16Array; sensor: Uint16Array }> {
    const known = machines.every((m) => this.machineIds.has(m)) && sensors.every((s) => this.sensorIds.has(s));
    const build = () => ({
      machine: Uint16Array.from(machines, (m) => this.machineIds.get(m)!),
      sensor: Uint16Array.from(sensors, (s) => this.sensorIds.get(s)!),
    });
    if (known) return Promise.resolve(build());
    return this.serialised(async () => {
      const newMachines = [...new Set(machines)].filter((m) => !this.machineIds.has(m));
      const newSensors = [...new Set(sensors)].filter((s) => !this.sensorIds.has(s));
      if (newMachines.length || newSensors.length) {
        await this.ws.transaction(async (con) => {
          for (const name of newMachines) {
            const id = this.nextId(this.machineIds, 'machines');
            await con.run(`INSERT INTO machines VALUES ($id, $name, $profile)`, { id, name, profile }, { id: USMALLINT, name: VARCHAR, profile: VARCHAR });
            this.machineIds.set(name, id);
          }
          await this.insertSensors(con, newSensors.map((name) => ({ name, unit: '', min: -Infinity, max: Infinity })));
        });
      }
      return build();
    });
  }

  /** Runs catalog writes one at a time; a failed write reloads the cache from the workspace. */
  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.pending.then(fn).catch(async (e: unknown) => {
      await this.reload();
      throw e;
    });
    this.pending = run.catch(() => undefined);
    return run;
  }

  private async insertSensors(con: DuckDBConnection, specs: readonly SensorSpec[]): Promise<void> {
    for (const spec of specs) {
      if (this.sensorIds.has(spec.name)) continue;
      const id = this.nextId(this.sensorIds, 'sensors');
      await con.run(`INSERT INTO sensors VALUES ($id, $name, $unit, $min, $max)`, {
        id,
        name: spec.name,
        unit: spec.unit,
        min: spec.min,
        max: spec.max,
      }, { id: USMALLINT, name: VARCHAR, unit: VARCHAR, min: DOUBLE, max: DOUBLE });
      this.sensorIds.set(spec.name, id);
      this.sensorSpecs.set(spec.name, { ...spec });
    }
  }

  private nextId(ids: Map<string, number>, what: string): number {
    if (ids.size >= MAX_IDS) throw new LabError('invalid_input', `too many ${what} in one workspace (limit ${MAX_IDS})`);
    return ids.size;
  }
}
