import { LabError } from '../../model';
import { isNumericType, isTemporalType } from './time-format';
import type { ColumnInfo, ImportOptions, LongValues, MachineSource, WideValues } from './types';

/**
 * Which column plays which part: timestamp, machine, values (wide or long). Flags win; otherwise
 * names decide, in the order below, so the recognised layouts (ServoSense `sensors.csv`, NAB,
 * the Motor project, Sensor Logger, semicolon industrial logs) need no questions. A file without
 * a timestamp column is a training table, not a time series.
 */
const TIME_NAMES = ['event_time', 'timestamp', 'unix_time', 'time', 'datetime', 'date_time', 'ts', 'epoch', 'time_stamp', 'date', 'zeit', 'zeitstempel'];
const MACHINE_NAMES = ['machine_id', 'machine', 'machineid', 'machine_name', 'device_id', 'device', 'asset_id', 'asset', 'equipment_id', 'equipment', 'unit_id', 'station'];
const SENSOR_NAMES = ['sensor', 'sensor_name', 'sensor_id', 'signal', 'tag', 'channel', 'metric', 'variable', 'measurement'];
const VALUE_NAMES = ['value', 'reading', 'val', 'measurement_value'];
/** Columns that are time bookkeeping, never sensors (Sensor Logger's seconds_elapsed). */
const NOT_SENSORS = new Set(['seconds_elapsed', 'elapsed', 'index', 'id', 'row', 'udi']);

const norm = (name: string) => name.trim().toLowerCase().replace(/[\s-]+/g, '_');

function byNames(columns: readonly ColumnInfo[], names: readonly string[]): ColumnInfo | undefined {
  for (const wanted of names) {
    const hit = columns.find((c) => norm(c.name) === wanted);
    if (hit) return hit;
  }
  return undefined;
}

export function findColumn(columns: readonly ColumnInfo[], name: string, flag: string): ColumnInfo {
  const hit = columns.find((c) => c.name === name) ?? columns.find((c) => norm(c.name) === norm(name));
  if (!hit) {
    const known = columns.map((c) => `"${c.name}"`).join(', ');
    throw new LabError('usage', `${flag}: no column "${name}" (columns: ${known.length > 300 ? known.slice(0, 300) + '…' : known})`);
  }
  return hit;
}

export interface Roles {
  timestamp: ColumnInfo;
  machine: MachineSource;
  values: WideValues | LongValues;
  recognized: string | null;
}

/** The timestamp column, or null when the file has none (then it is a table). */
export function timestampColumn(columns: readonly ColumnInfo[], options: ImportOptions): ColumnInfo | null {
  if (options.timestamp !== undefined) return findColumn(columns, options.timestamp, '--timestamp');
  return byNames(columns, TIME_NAMES) ?? columns.find((c) => isTemporalType(c.type)) ?? null;
}

export function chooseRoles(columns: readonly ColumnInfo[], options: ImportOptions, defaultMachine: string, delimiter: string | null): Roles {
  const timestamp = timestampColumn(columns, options);
  if (!timestamp) throw new LabError('invalid_input', 'no timestamp column found; pass --timestamp COL, or --format table to import a training table');
  if (options.machine !== undefined && options.machineName !== undefined) throw new LabError('usage', 'give either --machine or --machine-name, not both');
  const machineColumn = options.machineName !== undefined ? undefined : options.machine !== undefined ? findColumn(columns, options.machine, '--machine') : byNames(columns, MACHINE_NAMES);
  const machine: MachineSource = machineColumn ? { column: machineColumn.name } : { name: options.machineName ?? defaultMachine };
  if ('name' in machine && machine.name.trim() === '') throw new LabError('usage', '--machine-name must not be empty');
  const taken = new Set([timestamp.name, machineColumn?.name]);
  const values = chooseValues(columns, options, taken);
  return { timestamp, machine, values, recognized: recognize(columns, delimiter) };
}

function chooseValues(columns: readonly ColumnInfo[], options: ImportOptions, taken: Set<string | undefined>): WideValues | LongValues {
  if (options.long && options.sensors) throw new LabError('usage', 'give either --sensors (wide) or --long (long), not both');
  if (options.long) {
    const sensor = findColumn(columns, options.long.sensor, '--long');
    const value = findColumn(columns, options.long.value, '--long');
    if (sensor.name === value.name) throw new LabError('usage', '--long needs two different columns');
    return { layout: 'long', sensorColumn: sensor.name, valueColumn: value.name };
  }
  if (options.sensors) {
    const picked = options.sensors.map((name) => findColumn(columns, name, '--sensors'));
    for (const c of picked) if (taken.has(c.name)) throw new LabError('usage', `--sensors: "${c.name}" is the timestamp or machine column`);
    return { layout: 'wide', sensors: [...new Map(picked.map((c) => [c.name, { column: c.name, sensor: c.name.trim() }])).values()] };
  }
  const sensorColumn = byNames(columns, SENSOR_NAMES);
  const valueColumn = byNames(columns, VALUE_NAMES);
  if (sensorColumn && valueColumn && !taken.has(sensorColumn.name) && !isNumericType(sensorColumn.type)) {
    return { layout: 'long', sensorColumn: sensorColumn.name, valueColumn: valueColumn.name };
  }
  const sensors = columns
    .filter((c) => !taken.has(c.name) && isNumericType(c.type) && !NOT_SENSORS.has(norm(c.name)) && !TIME_NAMES.includes(norm(c.name)))
    .map((c) => ({ column: c.name, sensor: c.name.trim() }));
  if (sensors.length === 0) throw new LabError('invalid_input', 'no numeric value columns found; pass --sensors COL,... or --long SENSOR_COL,VALUE_COL');
  const names = new Set<string>();
  for (const s of sensors) {
    if (names.has(s.sensor)) throw new LabError('invalid_input', `two value columns are both named "${s.sensor}"`);
    names.add(s.sensor);
  }
  return { layout: 'wide', sensors };
}

/** Names the layout when it is one ServoLab knows, for the preview and the history. */
function recognize(columns: readonly ColumnInfo[], delimiter: string | null): string | null {
  const names = new Set(columns.map((c) => norm(c.name)));
  const has = (...n: string[]) => n.every((x) => names.has(x));
  if (has('event_time', 'machine_id') && (has('temperature') || has('vibration') || has('rpm'))) return 'servosense';
  if (names.size === 2 && has('timestamp', 'value')) return 'nab';
  if (has('unix_time', 'date_time', 'voltage')) return 'motor';
  if (has('time', 'seconds_elapsed')) return 'sensorlogger';
  if (delimiter === ';' && (has('datetime') || has('date_time') || has('zeitstempel'))) return 'industrial-log';
  return null;
}

/** `a=°C,b=rpm` → record; `--units` is optional and only labels sensors new to the workspace. */
export function parseUnits(text: string | undefined): Record<string, string> {
  const units: Record<string, string> = {};
  if (!text) return units;
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new LabError('usage', `--units takes SENSOR=UNIT pairs separated by commas (got "${pair}")`);
    units[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return units;
}

/** A training table's default name: the file's stem, lower-case, safe as a plain identifier. */
export function tableNameFor(stem: string): string {
  const name = stem.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[a-z_]/.test(name) ? name : `t_${name || 'table'}`;
}
