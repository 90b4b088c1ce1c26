import { listValue } from '@duckdb/node-api';
import { LabError } from '../model';
import type { Workspace } from '../store/workspace';
import { bandEnergies, isVibrationLike, SPECTRAL_BANDS } from './spectral';
import { failureLabels } from './failure-labels';
import { hoppingWindowRows } from './hopping-windows';
import { rulLabels } from './rul-labels';
import { trendColumns, trendFeatureNames } from './trend-features';
import type { Dataset } from './types';
import { sensorFeatures, STATS_PER_SENSOR } from './window-stats';

/**
 * Failure-prediction datasets from a workspace's readings and its ground truth. One row per
 * machine × window (`windowMs` wide; tumbling, or every `hopMs` when that is shorter): for every sensor, mean, std, min, max, peak-to-peak,
 * RMS, skewness, kurtosis, crest factor and slope, aggregated by DuckDB over the raw readings and
 * pivoted into typed-array columns `sensor.stat`; vibration-like sensors add their spectral band
 * energies (spectral.ts) over the window's readings in time order. Label: 1 when a failure (an event with a failure
 * time — simulator ground truth or an imported label) falls after the window's start and at most
 * `horizonMs` after its end. The split is time-ordered: the last `testFraction` of the windows, by
 * time, is held out, so the model is always tested on a future it has not seen.
 */

export interface SeriesSpec {
  windowMs: number;
  /** Windows start every `hopMs` (default: `windowMs`, tumbling); shorter hops overlap them. */
  hopMs?: number;
  horizonMs: number;
  /**
   * `failure` (default): 1 when a failure follows within `horizonMs`; `rul`: seconds to the next
   * failure, capped at `horizonMs` (rul-labels.ts).
   */
  label?: 'failure' | 'rul';
  /** Trend features over this lookback (trend-features.ts); 0 or absent: none. */
  trendMs?: number;
  from?: number;
  to?: number;
}

export interface SeriesDataset extends Dataset {
  /** Window start and end (epoch ms) and machine of every row. */
  windowStart: Float64Array;
  windowEnd: Float64Array;
  machines: string[];
  machineOf: Int32Array;
  failures: number;
  /** Failure times (epoch ms, ascending) of each machine, in the order of `machines`. */
  failureTimes: number[][];
}

interface WindowAgg {
  machine: string;
  sensor: string;
  bucket: number;
  values: ArrayLike<number>;
}

export async function loadSeriesDataset(ws: Workspace, spec: SeriesSpec): Promise<SeriesDataset> {
  const range = { from: spec.from ?? -8.64e15, to: spec.to ?? 8.64e15 };
  const hopping = spec.hopMs !== undefined && spec.hopMs < spec.windowMs;
  const aggs = hopping ? await hoppingAggs(ws, { ...spec, hopMs: spec.hopMs!, ...range }) : await tumblingAggs(ws, spec, range);
  if (aggs.length === 0) throw new LabError('invalid_input', 'the workspace has no readings in that range (simulate or import some first)');
  const sensors = [...new Set(aggs.map((a) => a.sensor))].sort();
  const perSensor = sensors.map(sensorFeatures);
  const names = perSensor.flat();
  const offsetOf = new Map<string, number>();
  perSensor.reduce((offset, features, k) => (offsetOf.set(sensors[k]!, offset), offset + features.length), 0);
  // Row per (machine, bucket), in the query's order.
  const keyOf = (machine: string, bucket: number) => `${machine}\u0000${bucket}`;
  const rowIndex = new Map<string, number>();
  const starts: number[] = [];
  const machineNames: string[] = [];
  const machineIds = new Map<string, number>();
  const machineOfRow: number[] = [];
  for (const a of aggs) {
    if (rowIndex.has(keyOf(a.machine, a.bucket))) continue;
    rowIndex.set(keyOf(a.machine, a.bucket), starts.length);
    starts.push(a.bucket);
    if (!machineIds.has(a.machine)) {
      machineIds.set(a.machine, machineNames.length);
      machineNames.push(a.machine);
    }
    machineOfRow.push(machineIds.get(a.machine)!);
  }
  const n = starts.length;
  const columns = names.map(() => new Float64Array(n).fill(NaN));
  for (const a of aggs) {
    const i = rowIndex.get(keyOf(a.machine, a.bucket))!;
    const base = offsetOf.get(a.sensor)!;
    for (let k = 0; k < a.values.length; k++) columns[base + k]![i] = Number.isFinite(a.values[k]) ? a.values[k]! : NaN;
  }
  const vibrating = sensors.filter(isVibrationLike);
  if (vibrating.length > 0 && !hopping) {
    await addBandEnergies(ws, { ...spec, ...range }, vibrating, (machine, sensor, bucket, bands) => {
      const i = rowIndex.get(keyOf(machine, bucket));
      if (i === undefined) return;
      bands.forEach((v, k) => (columns[offsetOf.get(sensor)! + STATS_PER_SENSOR + k]![i] = v));
    });
  }
  const windowStart = Float64Array.from(starts);
  const machineOf = Int32Array.from(machineOfRow);
  if (spec.trendMs) {
    // Trends of the window statistics (trend-features.ts): rows are grouped by machine, time-ordered.
    columns.push(...trendColumns(names, columns, machineOf, windowStart, spec.trendMs));
    names.push(...trendFeatureNames(names));
  }
  const windowEnd = Float64Array.from(starts, (s) => s + spec.windowMs);
  const { y: failing, failures, failuresOf } = await failureLabels(ws, { machines: machineNames, machineOf, start: windowStart, end: windowEnd }, spec.horizonMs);
  const rul = spec.label === 'rul';
  if (!rul && !failing.some((v) => v === 1)) throw new LabError('invalid_input', 'no window is followed by a failure within the horizon (simulate with --faults, or widen --horizon)');
  if (rul && failures === 0) throw new LabError('invalid_input', 'remaining useful life needs failures (simulate with --faults, or annotate them)');
  const y = rul ? rulLabels({ machineOf, end: windowEnd }, failuresOf, spec.horizonMs) : failing;
  // Remaining life unknown (the data ends before the cap): such windows neither train nor test.
  const keep = rul ? Int32Array.from(y.keys()).filter((i) => !Number.isNaN(y[i]!)) : null;
  const take = (a: Float64Array): Float64Array => (keep ? Float64Array.from(keep, (i) => a[i]!) : a);
  const rows = keep ? keep.length : n;
  return {
    names,
    columns: columns.map(take),
    rows,
    label: rul ? 'rul' : 'failure',
    task: rul ? 'regression' : 'classification',
    y: take(y),
    ...(rul ? {} : { classes: ['0', '1'] as [string, string] }),
    encodings: [],
    derived: [],
    rowsRead: n,
    rowsSkipped: n - rows,
    source: 'readings',
    windowStart: take(windowStart),
    windowEnd: take(windowEnd),
    machines: machineNames,
    machineOf: keep ? Int32Array.from(keep, (i) => machineOf[i]!) : machineOf,
    failures,
    failureTimes: failuresOf,
  };
}

/** Tumbling windows: DuckDB aggregates the statistics (band energies follow in addBandEnergies). */
async function tumblingAggs(ws: Workspace, spec: SeriesSpec, range: { from: number; to: number }): Promise<WindowAgg[]> {
  // Columns, not row objects: a long range gives ~a million machine × sensor × window rows.
  const [machineCol, sensorCol, bucketCol, ...stats] = await ws.columns(
    `SELECT m.name AS machine, s.name AS sensor, (epoch_ms(r.ts) // $w) * $w AS bucket,
       avg(r.value) AS mean, coalesce(stddev_pop(r.value), 0) AS std, min(r.value) AS min, max(r.value) AS max,
       sqrt(avg(r.value * r.value)) AS rms, coalesce(skewness(r.value), 0) AS skew, coalesce(kurtosis(r.value), 0) AS kurt,
       max(abs(r.value)) AS peak, coalesce(regr_slope(r.value, epoch_ms(r.ts) / 1000.0), 0) AS slope
     FROM readings r JOIN machines m ON m.id = r.machine JOIN sensors s ON s.id = r.sensor
     WHERE r.ts >= make_timestamp($from::BIGINT) AND r.ts < make_timestamp($to::BIGINT)
     GROUP BY ALL ORDER BY machine, bucket, sensor`,
    { w: spec.windowMs, from: Math.max(range.from, -2e15) * 1000, to: Math.min(range.to, 2e15) * 1000 },
  );
  if (!machineCol) return [];
  const [mean, std, min, max, rms, skew, kurt, peak, slope] = stats.map((c) => Float64Array.from(c as number[], Number));
  return machineCol.map((m, i) => ({
    machine: String(m),
    sensor: String(sensorCol![i]),
    bucket: Number(bucketCol![i]),
    values: [mean![i]!, std![i]!, min![i]!, max![i]!, max![i]! - min![i]!, rms![i]!, skew![i]!, kurt![i]!, rms![i]! > 0 ? peak![i]! / rms![i]! : 0, slope![i]!],
  }));
}

/** Hopping windows, band energies included (hopping-windows.ts), in the tumbling query's row order. */
async function hoppingAggs(ws: Workspace, spec: { windowMs: number; hopMs: number; from: number; to: number }): Promise<WindowAgg[]> {
  const aggs: WindowAgg[] = [];
  await hoppingWindowRows(ws, spec, (row) => aggs.push(row));
  return aggs.sort((x, y) => (x.machine < y.machine ? -1 : x.machine > y.machine ? 1 : x.bucket - y.bucket));
}

/** Band energies of every window of the given sensors: one list of values per window, in time order. */
async function addBandEnergies(
  ws: Workspace,
  spec: SeriesSpec & { from: number; to: number },
  sensors: string[],
  put: (machine: string, sensor: string, bucket: number, bands: Float64Array) => void,
): Promise<void> {
  const [machineCol, sensorCol, bucketCol, valuesCol] = await ws.columns(
    `SELECT m.name AS machine, s.name AS sensor, (epoch_ms(r.ts) // $w) * $w AS bucket, list(r.value ORDER BY r.ts) AS vals
     FROM readings r JOIN machines m ON m.id = r.machine JOIN sensors s ON s.id = r.sensor
     WHERE s.name IN (SELECT unnest($sensors::VARCHAR[])) AND r.ts >= make_timestamp($from::BIGINT) AND r.ts < make_timestamp($to::BIGINT)
     GROUP BY ALL`,
    { w: spec.windowMs, sensors: listValue(sensors), from: Math.max(spec.from, -2e15) * 1000, to: Math.min(spec.to, 2e15) * 1000 },
  );
  const bands = new Float64Array(SPECTRAL_BANDS.length);
  (machineCol ?? []).forEach((m, i) => {
    const values = Float64Array.from(valuesCol![i] as number[], Number);
    bandEnergies(values, values.length, bands, 0);
    put(String(m), String(sensorCol![i]), Number(bucketCol![i]), bands);
  });
}

export interface TimeSplit {
  train: Int32Array;
  test: Int32Array;
  cut: number;
  /**
   * The decision threshold's validation, split the same way inside the training windows: `fit`
   * (the earlier ones) trains a model that scores `validate` (the latest fifth). Out-of-bag scores
   * would flatter it — a window's neighbours, almost the same window, are in the bag.
   */
  validation: { fit: Int32Array; validate: Int32Array };
}

/**
 * Time-ordered split: windows starting at or after the cut are held out; training keeps the windows
 * that end by the cut, so no reading is in both (overlapping windows would share some).
 */
export function timeSplit(data: SeriesDataset, testFraction: number): TimeSplit {
  const all = Int32Array.from(data.windowStart.keys());
  const { before: train, after: test, cut } = cutByTime(data, all, testFraction);
  const inner = cutByTime(data, train, 0.2);
  return { train, test, cut, validation: { fit: inner.before, validate: inner.after } };
}

/** The last `fraction` of `rows` by start time, and the rows that end before those start. */
function cutByTime(data: SeriesDataset, rows: Int32Array, fraction: number): { before: Int32Array; after: Int32Array; cut: number } {
  const sorted = Float64Array.from(rows, (i) => data.windowStart[i]!).sort();
  const cut = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * (1 - fraction)))] ?? Infinity;
  return { before: rows.filter((i) => data.windowEnd[i]! <= cut), after: rows.filter((i) => data.windowStart[i]! >= cut), cut };
}
