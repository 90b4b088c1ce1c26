import { existsSync, readdirSync, statSync } from 'node:fs';
import { LabError, firstLineOf } from '../model';
import type { Catalog } from './catalog';
import { sqlString, toMicros } from './series';
import type { Workspace } from './workspace';

export type ExportFormat = 'csv' | 'parquet';

export interface ExportRequest {
  format: ExportFormat;
  out: string;
  /** Hive layout `machine=M/day=YYYY-MM-DD/…` under `out` (a directory), readable by Spark/DuckDB. */
  partition?: boolean;
  machine?: string;
  from?: number;
  to?: number;
}

/** Exports readings in long form (time, machine, sensor, unit, value); returns the row count. */
export async function exportReadings(ws: Workspace, catalog: Catalog, request: ExportRequest): Promise<number> {
  const where: string[] = [];
  const params: Record<string, number> = {};
  if (request.machine !== undefined) {
    const id = catalog.machineId(request.machine);
    if (id === undefined) throw new LabError('not_found', `unknown machine "${request.machine}"`);
    where.push('r.machine = $m');
    params.m = id;
  }
  if (request.from !== undefined) {
    where.push('r.ts >= make_timestamp($from::BIGINT)');
    params.from = toMicros(request.from);
  }
  if (request.to !== undefined) {
    where.push('r.ts < make_timestamp($to::BIGINT)');
    params.to = toMicros(request.to);
  }
  if (request.partition && existsSync(request.out) && (!statSync(request.out).isDirectory() || readdirSync(request.out).length > 0)) {
    throw new LabError('invalid_input', `export target ${request.out} exists and is not an empty directory`);
  }
  const day = request.partition ? `, strftime(r.ts, '%Y-%m-%d') AS day` : '';
  const select = `SELECT r.ts AS time, m.name AS machine, s.name AS sensor, s.unit AS unit, r.value AS value${day}
    FROM readings r JOIN machines m ON m.id = r.machine JOIN sensors s ON s.id = r.sensor
    ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY m.name, s.name, r.ts`;
  const options = [request.format === 'csv' ? 'FORMAT csv, HEADER' : 'FORMAT parquet, COMPRESSION zstd'];
  if (request.partition) options.push('PARTITION_BY (machine, day)');
  try {
    const [row] = await ws.rows<{ Count: bigint }>(`COPY (${select}) TO ${sqlString(request.out)} (${options.join(', ')})`, params);
    return Number(row?.Count ?? 0);
  } catch (e) {
    const message = firstLineOf(e);
    throw new LabError('io', `export to ${request.out} failed: ${message}`);
  }
}
