import { LabError } from '../model';
import type { Workspace } from '../store/workspace';
import { scoreHistogram } from './drift';
import type { Metrics } from './metrics';
import { MODEL_FORMAT, type ModelFile } from './model-file';
import { recordFailedRun, saveModel, type ModelEntry } from './registry';
import { loadCycleDataset } from './cycle-dataset';
import { failureRecall, type FailureRecall } from './failure-recall';
import { resolveTrendMs } from './trend-features';
import { loadSeriesDataset, timeSplit, type SeriesDataset } from './series';
import { subset } from './split';
import { trainDataset, type TrainRequest, type TrainResult } from './train';
import type { Matrix, TrainOptions } from './types';

/**
 * A series (failure-prediction) training run stored in the registry: windowed features of the
 * workspace's readings against its ground-truth failures (series.ts), time-ordered split. The
 * model file also keeps the held-out score histogram, the reference live drift is measured against
 * (drift.ts). Shared by `servolab train --label failure` and the Lab's trainStart.
 */
export interface SeriesTrainSpec {
  name: string;
  windowMs: number;
  /** Windows start every hop (default: the window, tumbling). */
  hopMs?: number;
  /** `failure` (default), or `rul`: remaining useful life in seconds, capped at the horizon (regression). */
  label?: 'failure' | 'rul';
  /** Trend features' lookback (default: DEFAULT_TREND_WINDOWS windows; 0: none). */
  trendMs?: number;
  horizonMs: number;
  from?: number;
  to?: number;
  request: TrainRequest;
  /** Windows of the readings (default), or stored load cycles with their metrics as features. */
  source?: 'readings' | 'cycles';
  /** With `cycles`: only this sensor's cycles. */
  sensor?: string;
}

export interface SeriesTrainOutcome {
  entry: ModelEntry;
  data: SeriesDataset;
  result: TrainResult;
  /** Classification metrics for `failure`, MAE/RMSE/R² (seconds) for `rul`. */
  metrics: Metrics;
  /** The held-out failures caught ahead (failure-recall.ts), the operator's view; null for `rul`. */
  failuresCaught: FailureRecall | null;
  dataInfo: Record<string, unknown>;
  /** The held-out (latest) windows the metrics were measured on. */
  heldOut: { x: Matrix; y: Float64Array };
}

export async function trainSeriesModel(ws: Workspace, spec: SeriesTrainSpec, options: TrainOptions = {}): Promise<SeriesTrainOutcome> {
  const startedAt = new Date();
  const trendMs = spec.source === 'cycles' ? 0 : resolveTrendMs(spec.windowMs, spec.trendMs);
  const data =
    spec.source === 'cycles'
      ? await loadCycleDataset(ws, { horizonMs: spec.horizonMs, from: spec.from, to: spec.to, ...(spec.sensor ? { sensor: spec.sensor } : {}) })
      : await loadSeriesDataset(ws, { windowMs: spec.windowMs, ...(spec.hopMs !== undefined ? { hopMs: spec.hopMs } : {}), trendMs, horizonMs: spec.horizonMs, from: spec.from, to: spec.to, ...(spec.label ? { label: spec.label } : {}) });
  const fraction = spec.request.testFraction ?? 0.2;
  const split = timeSplit(data, fraction);
  if (split.test.length === 0 || split.train.length === 0) throw new LabError('invalid_input', 'too few windows for a time-ordered split; use a longer range or a shorter --window');
  const result = await trainDataset(data, spec.request, options, split).catch(async (e: unknown) => {
    await recordFailedRun(ws, spec.name, { ...spec.request.params }, startedAt, e instanceof Error ? e.message : String(e));
    throw e;
  });
  const m = result.metrics;
  const label = data.label;
  const dataInfo = {
    source: data.source,
    ...(spec.sensor ? { sensor: spec.sensor } : {}),
    label,
    windowMs: spec.windowMs,
    hopMs: spec.hopMs ?? spec.windowMs,
    trendMs,
    horizonMs: spec.horizonMs,
    rows: data.rows,
    machines: data.machines,
    failures: data.failures,
    trainRows: result.rows.train,
    testRows: result.rows.test,
    from: new Date(data.windowStart.reduce((a, b) => Math.min(a, b), Infinity)).toISOString(),
    testFrom: new Date(split.cut).toISOString(),
    to: new Date(data.windowStart.reduce((a, b) => Math.max(a, b), -Infinity) + (data.source === 'cycles' ? 0 : spec.windowMs)).toISOString(),
    split: `time-ordered, last ${fraction} held out`,
  };
  const heldOut = subset(data, split.test);
  const heldOutScores = result.model.predict(heldOut.x);
  const pick = (column: Float64Array) => Float64Array.from(split.test, (i) => column[i]!);
  const failuresCaught = data.task === 'regression' ? null : failureRecall(
    { machineOf: Int32Array.from(split.test, (i) => data.machineOf[i]!), start: pick(data.windowStart), end: pick(data.windowEnd), score: heldOutScores },
    data.failureTimes,
    result.threshold,
    spec.horizonMs,
  );
  const file: ModelFile = {
    format: MODEL_FORMAT,
    formatVersion: 1,
    name: spec.name,
    createdAt: new Date().toISOString(),
    label,
    ...(data.classes ? { classes: data.classes } : {}),
    threshold: Number.isNaN(result.threshold) ? null : result.threshold,
    derived: [],
    encodings: [],
    params: { algorithm: spec.request.algorithm, ...spec.request.params, windowMs: spec.windowMs, hopMs: spec.hopMs ?? spec.windowMs, trendMs, horizonMs: spec.horizonMs, testFraction: fraction, thresholdMetric: spec.request.thresholdMetric ?? 'f1', validation: result.validation },
    metrics: {
      heldOut: m,
      failuresCaught,
      importance: result.importance.slice(0, 30),
      trainSeconds: result.trainSeconds,
      ...(data.task === 'classification' ? { scoreHistogram: scoreHistogram(heldOutScores) } : {}),
    },
    data: dataInfo,
    model: result.model.toJSON(),
  };
  const entry = await saveModel(ws, file, { startedAt, params: file.params });
  return { entry, data, result, metrics: m, failuresCaught, dataInfo, heldOut };
}
