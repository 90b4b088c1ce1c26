import { escapeControl, type ReadingBatch } from '../../model';
import type { RejectedReading } from '../prepare';

export interface BuilderMark {
  length: number;
  machines: number;
  sensors: number;
}

/** Thrown by `add` when one batch would name more machines or sensors than its 16-bit ids hold. */
export class TooManyNamesError extends RangeError {}

/**
 * Collects decoded readings straight into growable typed columns with batch-local dictionaries
 * (the ReadingBatch shape), plus each row's Kafka offset for quarantine locations. One builder per
 * fetched Kafka batch: no per-reading objects survive decoding.
 */
export class BatchBuilder {
  private ts = new Float64Array(1024);
  private machine = new Uint16Array(1024);
  private sensor = new Uint16Array(1024);
  private value = new Float64Array(1024);
  private offset = new Float64Array(1024);
  private readonly machineIds = new Map<string, number>();
  private readonly sensorIds = new Map<string, number>();
  readonly machines: string[] = [];
  readonly sensors: string[] = [];
  readonly rejected: RejectedReading[] = [];
  length = 0;

  /**
   * `where` prefixes each row's location (`where@offset`); `label`, when given, names a location
   * from the offset instead (HTTP push: `http:/sensor@request.element`).
   */
  constructor(
    private readonly where: string,
    private readonly label?: (offset: number) => string,
  ) {}

  add(ts: number, machine: string, sensor: string, value: number, offset: number): void {
    if (this.length === this.ts.length) this.grow();
    const i = this.length++;
    this.ts[i] = ts;
    this.machine[i] = idOf(this.machineIds, this.machines, machine);
    this.sensor[i] = idOf(this.sensorIds, this.sensors, sensor);
    this.value[i] = value;
    this.offset[i] = offset;
  }

  /** Where the builder stands now: `rollback` returns to it (rows AND names added since). */
  mark(): BuilderMark {
    return { length: this.length, machines: this.machines.length, sensors: this.sensors.length };
  }

  /**
   * Drops what was added since `mark`: a rejected message leaves neither rows nor names behind
   * (names would otherwise be registered in the workspace's catalog without a reading).
   */
  rollback(mark: BuilderMark): void {
    this.length = mark.length;
    for (const name of this.machines.splice(mark.machines)) this.machineIds.delete(name);
    for (const name of this.sensors.splice(mark.sensors)) this.sensorIds.delete(name);
  }

  reject(offset: number, raw: string, reason: string): void {
    this.rejected.push({ location: this.locationOf(offset), raw: raw.length > 10_000 ? `${raw.slice(0, 10_000)}…` : raw, reason: oneLine(reason) });
  }

  /** `topic/partition@offset`: where a rejected row can be fetched again. */
  locationOf(offset: number): string {
    return this.label ? this.label(offset) : `${this.where}@${offset}`;
  }

  /** Location of row `i` of the built batch. */
  rowLocation = (i: number): string => this.locationOf(this.offset[i]!);

  build(): ReadingBatch {
    const n = this.length;
    return {
      length: n,
      ts: this.ts.subarray(0, n),
      machine: this.machine.subarray(0, n),
      sensor: this.sensor.subarray(0, n),
      value: this.value.subarray(0, n),
      machines: this.machines,
      sensors: this.sensors,
    };
  }

  private grow(): void {
    const size = this.ts.length * 2;
    this.ts = copy(new Float64Array(size), this.ts);
    this.machine = copy(new Uint16Array(size), this.machine);
    this.sensor = copy(new Uint16Array(size), this.sensor);
    this.value = copy(new Float64Array(size), this.value);
    this.offset = copy(new Float64Array(size), this.offset);
  }
}

function copy<T extends Float64Array | Uint16Array>(into: T, from: T): T {
  into.set(from);
  return into;
}

const MAX_REASON = 300;

/**
 * A reason quotes names from the message: control characters (a newline in a sensor name) are
 * shown escaped so the reason stays one line, and it is cut at MAX_REASON characters.
 */
function oneLine(reason: string): string {
  const shown = escapeControl(reason);
  return shown.length > MAX_REASON ? `${shown.slice(0, MAX_REASON)}…` : shown;
}

const MAX_NAMES = 65_535;

function idOf(ids: Map<string, number>, names: string[], name: string): number {
  let id = ids.get(name);
  if (id === undefined) {
    if (names.length >= MAX_NAMES) throw new TooManyNamesError('more than 65,535 distinct names in one batch');
    id = names.length;
    ids.set(name, id);
    names.push(name);
  }
  return id;
}
