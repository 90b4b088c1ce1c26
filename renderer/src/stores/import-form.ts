import type { ImportPreview } from '../../../core/api/files-contract';

/** The mapping form's fields: what `servolab import` takes as --timestamp/--machine/--sensors/--long. */
export interface MappingForm {
  timestamp: string;
  timeFormat: string;
  machineMode: 'column' | 'name';
  machineColumn: string;
  machineName: string;
  layout: 'wide' | 'long';
  sensors: string[];
  sensorColumn: string;
  valueColumn: string;
  /** Unit per wide sensor column (only labels sensors new to the workspace). */
  units: Record<string, string>;
}

export type MappingErrors = Partial<Record<'timestamp' | 'timeFormat' | 'machine' | 'values', string>>;

/** Import options as importPreview/importRun take them (files-schemas importOptionsSchema). */
export interface ImportOptionsRequest {
  timestamp?: string;
  timeFormat?: string;
  machine?: string;
  machineName?: string;
  sensors?: string[];
  long?: { sensor: string; value: string };
  units?: Record<string, string>;
}

const TIME_FORMAT = /^(iso|epoch-(s|ms|us|ns))$|%/i;

/** The form the detected mapping proposes; null for a training table (nothing to map). */
export function formFromPreview(preview: ImportPreview): MappingForm | null {
  const m = preview.mapping;
  if (!m) return null;
  return {
    timestamp: m.timestamp,
    timeFormat: m.timeFormat,
    machineMode: 'column' in m.machine ? 'column' : 'name',
    machineColumn: 'column' in m.machine ? m.machine.column : '',
    machineName: 'name' in m.machine ? m.machine.name : '',
    layout: m.values.layout,
    sensors: m.values.layout === 'wide' ? m.values.sensors.map((s) => s.column) : [],
    sensorColumn: m.values.layout === 'long' ? m.values.sensorColumn : '',
    valueColumn: m.values.layout === 'long' ? m.values.valueColumn : '',
    units: {},
  };
}

/** Inline validation against the file's columns: one message per field that is wrong. */
export function validateMapping(form: MappingForm, columns: readonly string[]): MappingErrors {
  const errors: MappingErrors = {};
  const has = (c: string) => columns.includes(c);
  if (!has(form.timestamp)) errors.timestamp = 'choose the timestamp column';
  if (!TIME_FORMAT.test(form.timeFormat.trim())) errors.timeFormat = 'iso, epoch-s, epoch-ms, epoch-us, epoch-ns or a strptime pattern like %d.%m.%Y %H:%M:%S';
  if (form.machineMode === 'column') {
    if (!has(form.machineColumn)) errors.machine = 'choose the machine column';
    else if (form.machineColumn === form.timestamp) errors.machine = 'the machine column cannot be the timestamp column';
  } else if (form.machineName.trim() === '') errors.machine = 'give the machine a name';
  const roles = [form.timestamp, form.machineMode === 'column' ? form.machineColumn : ''];
  if (form.layout === 'wide') {
    if (form.sensors.length === 0) errors.values = 'choose at least one sensor column';
    else if (form.sensors.some((s) => roles.includes(s))) errors.values = 'a sensor column cannot also be the timestamp or machine column';
  } else if (!has(form.sensorColumn) || !has(form.valueColumn)) errors.values = 'choose the sensor-name column and the value column';
  else if (form.sensorColumn === form.valueColumn) errors.values = 'the sensor-name and value columns must differ';
  else if (roles.includes(form.sensorColumn) || roles.includes(form.valueColumn)) errors.values = 'the sensor and value columns cannot be the timestamp or machine column';
  return errors;
}

export function mappingToOptions(form: MappingForm): ImportOptionsRequest {
  const units = Object.fromEntries(
    Object.entries(form.units)
      .filter(([column, unit]) => unit.trim() !== '' && form.layout === 'wide' && form.sensors.includes(column))
      .map(([column, unit]) => [column, unit.trim()]),
  );
  return {
    timestamp: form.timestamp,
    timeFormat: form.timeFormat.trim(),
    ...(form.machineMode === 'column' ? { machine: form.machineColumn } : { machineName: form.machineName.trim() }),
    ...(form.layout === 'wide' ? { sensors: form.sensors } : { long: { sensor: form.sensorColumn, value: form.valueColumn } }),
    ...(Object.keys(units).length > 0 ? { units } : {}),
  };
}
