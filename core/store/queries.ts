import { LabError } from '../model';
import type { Catalog } from './catalog';
import type { SeriesRef } from './series';
import { sqlString, toMicros } from './series';
import type { RollupLevel } from './rollup';
import type { Workspace } from './workspace';

export interface TimeRange {
  from?: number;
  to?: number;
}

export interface RawSeries {
  ts: Float64Array;
  value: Float64Array;
}

/** Raw readings of one series in [from, to), time-ordered. */
export async function rawReadings(ws: Workspace, series: SeriesRef, from: number, to: number, limit = 10_000_000): Promise<RawSeries> {
  const cols = await ws.columns(
    `SELECT epoch_us(ts) / 1000.0 AS ts, value FROM readings
     WHERE machine = $m AND sensor = $s AND ts >= make_timestamp($from::BIGINT) AND ts < make_timestamp($to::BIGINT)
     ORDER BY ts LIMIT $limit`,
    { m: series.machineId, s: series.sensorId, from: toMicros(from), to: toMicros(to), limit },
  );
  return { ts: Float64Array.from((cols[0] ?? []) as number[]), value: Float64Array.from((cols[1] ?? []) as number[]) };
}

export interface RollupSeries {
  bucket: Float64Array;
  count: Float64Array;
  mean: Float64Array;
  std: Float64Array;
  min: Float64Array;
  max: Float64Array;
  first: Float64Array;
  last: Float64Array;
}

/** The "processed" view of a series: one row per rollup bucket, partial rows merged. */
export async function rollupReadings(ws: Workspace, series: SeriesRef, level: RollupLevel, from: number, to: number): Promise<RollupSeries> {
  const table = level === '1s' ? 'rollup_1s' : 'rollup_1m';
  const cols = await ws.columns(
    `SELECT epoch_us(bucket) / 1000.0, n, s / n, sqrt(greatest(ss / n - (s / n) * (s / n), 0) * n / greatest(n - 1, 1)), lo, hi, f.v, l.v
     FROM (SELECT bucket, sum(n)::DOUBLE AS n, sum(sum) AS s, sum(sum_sq) AS ss, min(min) AS lo, max(max) AS hi,
             min({'t': first_ts, 'v': first}) AS f, max({'t': last_ts, 'v': last}) AS l
           FROM ${table}
           WHERE machine = $m AND sensor = $s AND bucket >= make_timestamp($from::BIGINT) AND bucket < make_timestamp($to::BIGINT)
           GROUP BY bucket)
     ORDER BY 1`,
    { m: series.machineId, s: series.sensorId, from: toMicros(Math.floor(from / 1000) * 1000), to: toMicros(to) },
  );
  const f64 = (i: number) => Float64Array.from((cols[i] ?? []) as number[]);
  return { bucket: f64(0), count: f64(1), mean: f64(2), std: f64(3), min: f64(4), max: f64(5), first: f64(6), last: f64(7) };
}

export interface SeriesStats {
  machine: string;
  sensor: string;
  unit: string;
  count: number;
  mean: number;
  std: number | null;
  min: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
  firstTime: string;
  lastTime: string;
}

export interface StatsFilter extends TimeRange {
  machine?: string;
  sensor?: string;
}

/** Summary statistics per machine × sensor over raw readings (exact percentiles). */
export async function seriesStats(ws: Workspace, catalog: Catalog, filter: StatsFilter): Promise<SeriesStats[]> {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.machine !== undefined) {
    const id = catalog.machineId(filter.machine);
    if (id === undefined) throw new LabError('not_found', `unknown machine "${filter.machine}"`);
    where.push('r.machine = $m');
    params.m = id;
  }
  if (filter.sensor !== undefined) {
    const id = catalog.sensorId(filter.sensor);
    if (id === undefined) throw new LabError('not_found', `unknown sensor "${filter.sensor}"`);
    where.push('r.sensor = $s');
    params.s = id;
  }
  if (filter.from !== undefined) {
    where.push('r.ts >= make_timestamp($from::BIGINT)');
    params.from = toMicros(filter.from);
  }
  if (filter.to !== undefined) {
    where.push('r.ts < make_timestamp($to::BIGINT)');
    params.to = toMicros(filter.to);
  }
  const rows = await ws.rows<Record<string, unknown>>(
    `SELECT m.name AS machine, s.name AS sensor, s.unit AS unit, g.*
     FROM (SELECT machine, sensor, count(*) AS count, avg(value) AS mean, stddev_samp(value) AS std,
             min(value) AS min, max(value) AS max,
             quantile_cont(value, [0.5, 0.95, 0.99]) AS q,
             strftime(min(ts), '%Y-%m-%dT%H:%M:%S.%gZ') AS first_time, strftime(max(ts), '%Y-%m-%dT%H:%M:%S.%gZ') AS last_time
           FROM readings r ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
           GROUP BY machine, sensor) g
     JOIN machines m ON m.id = g.machine JOIN sensors s ON s.id = g.sensor
     ORDER BY m.name, s.name`,
    params,
  );
  return rows.map((r) => {
    const q = r.q as number[];
    return {
      machine: r.machine as string,
      sensor: r.sensor as string,
      unit: r.unit as string,
      count: Number(r.count),
      mean: r.mean as number,
      std: (r.std as number | null) ?? null,
      min: r.min as number,
      max: r.max as number,
      p50: q[0]!,
      p95: q[1]!,
      p99: q[2]!,
      firstTime: r.first_time as string,
      lastTime: r.last_time as string,
    };
  });
}

export interface HotReading {
  time: string;
  machine: string;
  sensor: string;
  value: number;
}

/** The SELECT behind "hot readings": shared by the listing and the CSV export. */
function hotSql(): string {
  return `SELECT strftime(r.ts, '%Y-%m-%dT%H:%M:%S.%fZ') AS time, m.name AS machine, s.name AS sensor, r.value AS value
    FROM readings r JOIN machines m ON m.id = r.machine JOIN sensors s ON s.id = r.sensor
    WHERE r.sensor = $s AND r.value > $above
    ORDER BY r.ts, m.name`;
}

/** Readings of a sensor above a threshold (the seed's "temperature > 85"). */
export async function hotReadings(ws: Workspace, catalog: Catalog, sensor: string, above: number, limit = 1000): Promise<{ total: number; rows: HotReading[] }> {
  const sensorId = catalog.sensorId(sensor);
  if (sensorId === undefined) throw new LabError('not_found', `unknown sensor "${sensor}"`);
  const [count] = await ws.rows<{ n: bigint }>(`SELECT count(*) AS n FROM readings WHERE sensor = $s AND value > $above`, { s: sensorId, above });
  const rows = await ws.rows<HotReading>(`${hotSql()} LIMIT $limit`, { s: sensorId, above, limit });
  return { total: Number(count!.n), rows };
}

/** Writes every hot reading to a CSV file with a header; returns the row count. */
export async function exportHotCsv(ws: Workspace, catalog: Catalog, sensor: string, above: number, outPath: string): Promise<number> {
  const sensorId = catalog.sensorId(sensor);
  if (sensorId === undefined) throw new LabError('not_found', `unknown sensor "${sensor}"`);
  const [row] = await ws.rows<{ Count: bigint }>(`COPY (${hotSql()}) TO ${sqlString(outPath)} (FORMAT csv, HEADER)`, { s: sensorId, above });
  return Number(row?.Count ?? 0);
}
