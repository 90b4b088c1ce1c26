import { DOUBLE, TEXT, USMALLINT, type DuckDBConnection } from '@duckdb/node-api';
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
  async defineSensors(specs: readonly SensorSpec[]): Promise<void> {
    const missing = specs.filter((s) => !this.sensorIds.has(s.name));
    if (missing.length === 0) return;
    await this.ws.transaction((con) => this.insertSensors(con, missing)).catch(async (e) => {
      await this.reload();
      throw e;
    });
  }

  /** Lookup table from batch-local machine ids to workspace ids; inserts unknown names. */
  async machineLookup(con: DuckDBConnection, names: readonly string[], profile: string | null): Promise<Uint16Array> {
    const lookup = new Uint16Array(names.length);
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      let id = this.machineIds.get(name);
      if (id === undefined) {
        id = this.nextId(this.machineIds, 'machines');
        await con.run(`INSERT INTO machines VALUES ($id, $name, $profile)`, { id, name, profile });
        this.machineIds.set(name, id);
      }
      lookup[i] = id;
    }
    return lookup;
  }

  /** Lookup table from batch-local sensor ids to workspace ids; unknown sensors get an open range. */
  async sensorLookup(con: DuckDBConnection, names: readonly string[]): Promise<Uint16Array> {
    const unknown = names.filter((n) => !this.sensorIds.has(n));
    if (unknown.length) await this.insertSensors(con, unknown.map((name) => ({ name, unit: '', min: -Infinity, max: Infinity })));
    return Uint16Array.from(names, (n) => this.sensorIds.get(n)!);
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
      }, { id: USMALLINT, name: TEXT, unit: TEXT, min: DOUBLE, max: DOUBLE });
      this.sensorIds.set(spec.name, id);
      this.sensorSpecs.set(spec.name, { ...spec });
    }
  }

  private nextId(ids: Map<string, number>, what: string): number {
    if (ids.size >= MAX_IDS) throw new LabError('invalid_input', `too many ${what} in one workspace (limit ${MAX_IDS})`);
    return ids.size;
  }
}
