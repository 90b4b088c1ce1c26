import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LabError } from '../../model';
import { sqlString } from '../../store/series';
import { sniffCsv, type KindInfo } from './sniff';
import { isNumericType } from './time-format';
import type { FilePart, ImportOptions } from './types';
import { extractZip } from './zip';

/**
 * Sensor Logger (the phone app) exports a zip or folder of per-sensor CSVs — `Accelerometer.csv`,
 * `Gyroscope.csv`, `Location.csv`, … — each with `time` (epoch ns), `seconds_elapsed` and value
 * columns read by header name, plus `Metadata.csv` naming the device and its time zone. Every
 * sensor file becomes one part of a single import; sensors are named `<file>.<column>`, e.g.
 * `accelerometer.x`, and the machine is the device.
 */
export interface SensorLoggerFolder {
  dir: string;
  files: string[];
  /** A temporary extraction directory to remove afterwards, or null for a folder. */
  extracted: string | null;
}

const SKIPPED = new Set(['metadata.csv', 'annotation.csv']);

export function openSensorLogger(path: string, kind: KindInfo['kind']): SensorLoggerFolder {
  if (kind === 'zip') {
    const dir = mkdtempSync(join(tmpdir(), 'servolab-zip-'));
    const files = [...extractZip(path, dir, (name) => extname(name).toLowerCase() === '.csv').values()];
    if (files.length === 0) throw new LabError('invalid_input', `${basename(path)} holds no CSV files (not a Sensor Logger export)`);
    return { dir, files, extracted: dir };
  }
  const files = readdirSync(path)
    .filter((n) => extname(n).toLowerCase() === '.csv' && statSync(join(path, n)).isFile())
    .map((n) => join(path, n));
  if (files.length === 0) throw new LabError('invalid_input', `folder ${path} holds no CSV files (not a Sensor Logger export)`);
  return { dir: path, files, extracted: null };
}

export interface LoggerMetadata {
  device: string | null;
  timeZone: string | null;
}

export async function readMetadata(con: DuckDBConnection, files: readonly string[]): Promise<LoggerMetadata> {
  const file = files.find((f) => basename(f).toLowerCase() === 'metadata.csv');
  if (!file) return { device: null, timeZone: null };
  try {
    const reader = await con.runAndReadAll(`SELECT * FROM read_csv(${sqlString(file)}, all_varchar = true, header = true) LIMIT 1`);
    const row = reader.getRowObjectsJS()[0] ?? {};
    const pick = (...names: string[]) => {
      for (const [k, v] of Object.entries(row)) if (names.includes(k.trim().toLowerCase()) && v) return String(v).trim();
      return null;
    };
    return { device: pick('device name', 'devicename', 'device id', 'deviceid'), timeZone: pick('recording timezone', 'timezone') };
  } catch {
    return { device: null, timeZone: null }; // metadata is a nicety: the readings do not depend on it
  }
}

/** One part per sensor CSV that has the Sensor Logger columns; others are skipped with a warning. */
export async function sensorLoggerParts(
  con: DuckDBConnection,
  archive: string,
  folder: SensorLoggerFolder,
  options: ImportOptions,
  device: string,
  warnings: string[],
): Promise<FilePart[]> {
  const parts: FilePart[] = [];
  for (const file of [...folder.files].sort()) {
    const name = basename(file);
    if (SKIPPED.has(name.toLowerCase())) continue;
    const sniff = await sniffCsv(con, file, { kind: 'csv', gzip: false, encoding: 'utf-8', bytes: statSync(file).size }).catch((e: unknown) => {
      warnings.push(`${name} skipped: ${(e as Error).message}`);
      return null;
    });
    if (!sniff) continue;
    const names = sniff.columns.map((c) => c.name.trim().toLowerCase());
    if (!names.includes('time')) {
      warnings.push(`${name} skipped: no "time" column`);
      continue;
    }
    const stem = basename(name, extname(name)).toLowerCase();
    const sensors = sniff.columns
      .filter((c) => !['time', 'seconds_elapsed'].includes(c.name.trim().toLowerCase()) && isNumericType(c.type))
      .filter((c) => !options.sensors || options.sensors.includes(c.name) || options.sensors.includes(`${stem}.${c.name.trim()}`))
      .map((c) => ({ column: c.name, sensor: `${stem}.${c.name.trim()}` }));
    if (sensors.length === 0) {
      warnings.push(`${name} skipped: no numeric value columns`);
      continue;
    }
    parts.push({
      path: file,
      label: `${basename(archive)}/${name}`,
      format: 'csv',
      dialect: sniff.dialect,
      columns: sniff.columns,
      mapping: {
        timestamp: sniff.columns.find((c) => c.name.trim().toLowerCase() === 'time')!.name,
        timeFormat: { kind: 'epoch', unit: 'ns' },
        machine: { name: device },
        values: { layout: 'wide', sensors },
      },
    });
  }
  if (parts.length === 0) throw new LabError('invalid_input', `${basename(archive)} has no Sensor Logger sensor files (CSV with a "time" column)`);
  return parts;
}
