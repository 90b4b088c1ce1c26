import { LabError } from '../model';
import type { Workspace } from '../store/workspace';
import { failureLabels } from './failure-labels';
import type { SeriesDataset } from './series';

/**
 * Failure-prediction datasets from stored load cycles (`servolab cycles --save`, or live cycles):
 * one row per cycle, its metrics as features — a press whose cycles lengthen, peak higher or
 * fall slower is wearing. Label: 1 when a failure of the cycle's machine (ground truth, an
 * imported label or a user annotation) falls after the cycle's start and at most `horizonMs`
 * after its end. Rows are ordered by start, so the series models' time-ordered split applies.
 */
export const CYCLE_FEATURES = [
  'duration_s', 'idle_before_s', 'period_s', 'samples', 'baseline', 'max_point', 'min', 'mean', 'median',
  'root_mean_squared', 'std', 'area_above_baseline', 'rise_time_s', 'fall_time_s', 'overshoot_pct', 'time_above_threshold_s',
] as const;

export interface CycleSpec {
  horizonMs: number;
  /** Only cycles of this sensor (default: every sensor's). */
  sensor?: string;
  from?: number;
  to?: number;
}

export async function loadCycleDataset(ws: Workspace, spec: CycleSpec): Promise<SeriesDataset> {
  // The metric keys are this file's constants, never user text.
  const metrics = CYCLE_FEATURES.map((k) => `TRY_CAST(metrics->>'${k}' AS DOUBLE) AS "${k}"`).join(', ');
  const [machineCol, startCol, endCol, ...featureCols] = await ws.columns(
    `SELECT machine, epoch_ms(start_ts) AS s, epoch_ms(end_ts) AS e, ${metrics} FROM cycles
     WHERE ($sensor IS NULL OR sensor = $sensor) AND start_ts >= make_timestamp($from::BIGINT) AND start_ts < make_timestamp($to::BIGINT)
     ORDER BY start_ts, machine`,
    { sensor: spec.sensor ?? null, from: Math.max(spec.from ?? -2e15, -2e15) * 1000, to: Math.min(spec.to ?? 2e15, 2e15) * 1000 },
  );
  const rows = machineCol?.length ?? 0;
  if (rows === 0) throw new LabError('invalid_input', `the workspace has no stored cycles${spec.sensor ? ` of ${spec.sensor}` : ''} in that range (run servolab cycles --save first)`);
  const machines = [...new Set(machineCol!.map(String))].sort();
  const machineOf = Int32Array.from(machineCol!, (m) => machines.indexOf(String(m)));
  const start = Float64Array.from(startCol!, Number);
  const end = Float64Array.from(endCol!, Number);
  const { y, failures, failuresOf } = await failureLabels(ws, { machines, machineOf, start, end }, spec.horizonMs);
  if (!y.some((v) => v === 1)) throw new LabError('invalid_input', 'no cycle is followed by a failure within the horizon (simulate with --faults, annotate failures, or widen --horizon)');
  return {
    names: [...CYCLE_FEATURES],
    columns: featureCols.map((c) => Float64Array.from(c, (v) => (v === null ? NaN : Number(v)))),
    rows,
    label: 'failure',
    task: 'classification',
    y,
    classes: ['0', '1'],
    encodings: [],
    derived: [],
    rowsRead: rows,
    rowsSkipped: 0,
    source: 'cycles',
    windowStart: start,
    windowEnd: end,
    machines,
    machineOf,
    failures,
    failureTimes: failuresOf,
  };
}
