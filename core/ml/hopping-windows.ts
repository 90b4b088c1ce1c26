import type { Workspace } from '../store/workspace';
import { sensorFeatures, windowFeatures } from './window-stats';

/** One sensor's features in one window of one machine (window-stats.ts order, bands included). */
export interface WindowRow {
  machine: string;
  sensor: string;
  /** Window start, epoch ms. */
  bucket: number;
  values: Float64Array;
}

/**
 * Hopping windows (a window every `hopMs`, `windowMs` wide, starts at multiples of the hop) over
 * the stored readings, one series at a time: each machine × sensor is read in time order into
 * typed arrays and its windows are measured in JS by the function live scoring uses
 * (`windowFeatures`). Overlapping windows would repeat every reading ⌈w/h⌉ times inside one DuckDB
 * aggregate; one series in memory at a time keeps this bounded by the longest series instead.
 */
export async function hoppingWindowRows(
  ws: Workspace,
  spec: { windowMs: number; hopMs: number; from: number; to: number },
  push: (row: WindowRow) => void,
): Promise<void> {
  const range = { from: Math.max(spec.from, -2e15) * 1000, to: Math.min(spec.to, 2e15) * 1000 };
  const series = await ws.rows<{ machine: string; sensor: string; m: number; s: number }>(
    `SELECT m.name AS machine, s.name AS sensor, p.machine AS m, p.sensor AS s
     FROM (SELECT DISTINCT machine, sensor FROM readings WHERE ts >= make_timestamp($from::BIGINT) AND ts < make_timestamp($to::BIGINT)) p
     JOIN machines m ON m.id = p.machine JOIN sensors s ON s.id = p.sensor ORDER BY machine, sensor`,
    range,
  );
  for (const { machine, sensor, m, s } of series) {
    const [tsCol, valueCol] = await ws.columns(
      `SELECT epoch_ms(ts) AS t, value FROM readings
       WHERE machine = $m AND sensor = $s AND ts >= make_timestamp($from::BIGINT) AND ts < make_timestamp($to::BIGINT) ORDER BY ts`,
      { m, s, ...range },
    );
    const ts = Float64Array.from(tsCol as unknown[], Number);
    const values = Float64Array.from(valueCol as unknown[], Number);
    const width = sensorFeatures(sensor).length;
    slideWindows(ts, spec.windowMs, spec.hopMs, (bucket, n, lo) => {
      const out = new Float64Array(width);
      windowFeatures(sensor, ts.subarray(lo, lo + n), values.subarray(lo, lo + n), n, out, 0);
      push({ machine, sensor, bucket, values: out });
    });
  }
}

/** Calls `visit` for every window [k·h, k·h + w) holding at least one of the time-ordered readings. */
export function slideWindows(ts: Float64Array, windowMs: number, hopMs: number, visit: (start: number, n: number, from: number) => void): void {
  if (ts.length === 0) return;
  let lo = 0;
  let hi = 0;
  const last = Math.floor(ts[ts.length - 1]! / hopMs);
  for (let k = Math.floor((ts[0]! - windowMs) / hopMs) + 1; k <= last; k++) {
    const start = k * hopMs;
    while (lo < ts.length && ts[lo]! < start) lo++;
    if (hi < lo) hi = lo;
    while (hi < ts.length && ts[hi]! < start + windowMs) hi++;
    if (hi > lo) visit(start, hi - lo, lo);
  }
}
