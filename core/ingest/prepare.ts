import { batchColumns, type ReadingBatch, type SensorSpec } from '../model';
import type { RollupColumns } from '../store/rollup';
import { MAX_VALID_TS, MIN_VALID_TS, scanBatch } from './prepare-scan';

export { MAX_VALID_TS, MIN_VALID_TS };

/** A rejected reading on its way to `quarantine`. */
export interface RejectedReading {
  location: string;
  raw: string;
  reason: string;
}

/** Clean readings grouped by series and time-ordered, with their rollups: ready to append. */
export interface PreparedBatch {
  machines: readonly string[];
  sensors: readonly string[];
  length: number;
  ts: Float64Array;
  machine: Uint16Array;
  sensor: Uint16Array;
  value: Float64Array;
  rollup1s: RollupColumns;
  rollup1m: RollupColumns;
  rejected: RejectedReading[];
  /** Time span of the clean rows (epoch ms), NaN when empty. */
  minTs: number;
  maxTs: number;
}

export type SensorRanges = ReadonlyMap<string, Pick<SensorSpec, 'min' | 'max'>>;

/** Where a rejected row came from: one place for the batch, or per row (e.g. a Kafka offset). */
export type RowLocation = string | ((row: number) => string);

/**
 * Validates, orders and rolls up a batch. Pure and allocation-light: runs on the ingest thread or
 * in a worker. Every row ends up either in the clean columns or in `rejected` with a reason.
 * The result may share memory with `batch`: a source must not refill a batch it handed over.
 */
export function prepareBatch(batch: ReadingBatch, ranges: SensorRanges, location: RowLocation = ''): PreparedBatch {
  const n = batch.length;
  const lo = new Float64Array(batch.sensors.length).fill(-Infinity);
  const hi = new Float64Array(batch.sensors.length).fill(Infinity);
  batch.sensors.forEach((name, i) => {
    const range = ranges.get(name);
    if (range) {
      lo[i] = range.min;
      hi[i] = range.max;
    }
  });
  // The common case (simulator, ordered files): every row valid and in order, no copy at all.
  const clean = batchColumns(batch);
  const scanned = scanBatch(clean.ts, clean.machine, clean.sensor, clean.value, n, lo, hi);
  if (scanned) return { machines: batch.machines, sensors: batch.sensors, length: n, ...clean, ...scanned, rejected: [] };
  const rejected: RejectedReading[] = [];
  const keep = new Uint8Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const v = batch.value[i]!;
    const t = batch.ts[i]!;
    const s = batch.sensor[i]!;
    if (v >= lo[s]! && v <= hi[s]! && v - v === 0 && t >= MIN_VALID_TS && t < MAX_VALID_TS) {
      keep[i] = 1;
      kept++;
    } else {
      rejected.push(rejectReading(batch, i, lo[s]!, hi[s]!, location));
    }
  }
  const order = seriesOrder(batch, keep, kept);
  const ts = new Float64Array(kept);
  const machine = new Uint16Array(kept);
  const sensor = new Uint16Array(kept);
  const value = new Float64Array(kept);
  for (let k = 0, i = 0; k < kept; i++) {
    const from = order ? order[k]! : i;
    if (!order && !keep[i]) continue;
    ts[k] = batch.ts[from]!;
    machine[k] = batch.machine[from]!;
    sensor[k] = batch.sensor[from]!;
    value[k] = batch.value[from]!;
    k++;
  }
  const rolled = scanBatch(ts, machine, sensor, value, kept, lo, hi);
  if (!rolled) throw new Error('prepareBatch: clean rows failed their own checks');
  return { machines: batch.machines, sensors: batch.sensors, length: kept, ts, machine, sensor, value, ...rolled, rejected };
}

function rejectReading(batch: ReadingBatch, i: number, lo: number, hi: number, location: RowLocation): RejectedReading {
  const t = batch.ts[i]!;
  const v = batch.value[i]!;
  const machine = batch.machines[batch.machine[i]!] ?? `#${batch.machine[i]}`;
  const sensor = batch.sensors[batch.sensor[i]!] ?? `#${batch.sensor[i]}`;
  const time = Number.isFinite(t) && t >= -8.64e15 && t <= 8.64e15 ? new Date(t).toISOString() : String(t);
  const raw = JSON.stringify({ ts: time, machine, sensor, value: Number.isFinite(v) ? v : String(v) });
  let reason: string;
  if (!(t >= MIN_VALID_TS && t < MAX_VALID_TS)) reason = `timestamp ${time} outside 1970..2200`;
  else if (!Number.isFinite(v)) reason = `value of ${sensor} is not a finite number (${v})`;
  else reason = `value ${v} of ${sensor} outside valid range [${lo}, ${hi}]`;
  return { location: typeof location === 'function' ? location(i) : location, raw, reason };
}

/**
 * Returns an index order that groups kept rows by (machine, sensor) and sorts each group by time,
 * or null when the kept rows already are in that order (the simulator's and most files' layout).
 * Grouping is a stable counting sort; only groups that are out of time order get sorted.
 */
function seriesOrder(batch: ReadingBatch, keep: Uint8Array, kept: number): Uint32Array | null {
  const n = batch.length;
  const nSensors = Math.max(1, batch.sensors.length);
  let ordered = true;
  let prevKey = -1;
  let prevTs = -Infinity;
  for (let i = 0; i < n && ordered; i++) {
    if (!keep[i]) continue;
    const key = batch.machine[i]! * nSensors + batch.sensor[i]!;
    const t = batch.ts[i]!;
    if (key < prevKey || (key === prevKey && t < prevTs)) ordered = false;
    prevKey = key;
    prevTs = t;
  }
  if (ordered) return null;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    const key = batch.machine[i]! * nSensors + batch.sensor[i]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const keys = [...counts.keys()].sort((a, b) => a - b);
  const offsets = new Map<number, number>();
  let offset = 0;
  for (const key of keys) {
    offsets.set(key, offset);
    offset += counts.get(key)!;
  }
  const order = new Uint32Array(kept);
  const cursor = new Map(offsets);
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    const key = batch.machine[i]! * nSensors + batch.sensor[i]!;
    const at = cursor.get(key)!;
    order[at] = i;
    cursor.set(key, at + 1);
  }
  for (const key of keys) {
    const start = offsets.get(key)!;
    const group = order.subarray(start, start + counts.get(key)!);
    let sorted = true;
    for (let k = 1; k < group.length && sorted; k++) sorted = batch.ts[group[k - 1]!]! <= batch.ts[group[k]!]!;
    if (!sorted) group.set(Array.from(group).sort((a, b) => batch.ts[a]! - batch.ts[b]! || a - b));
  }
  return order;
}
