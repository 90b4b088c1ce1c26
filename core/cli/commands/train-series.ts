import { LabError } from '../../model';
import type { ClassificationMetrics } from '../../ml/metrics';
import { MODEL_FORMAT, type ModelFile } from '../../ml/model-file';
import { recordFailedRun, saveModel } from '../../ml/registry';
import { loadSeriesDataset, timeSplit } from '../../ml/series';
import { trainDataset, type TrainRequest } from '../../ml/train';
import { withWorkspace } from '../command';
import { mlWorkerUrl } from '../bundle-paths';
import type { CliIO } from '../output';
import { printJson } from '../output';

/**
 * `servolab train --db FILE --label failure --horizon DUR [--window DUR]`: failure prediction from
 * windowed features of the workspace's readings against its ground-truth failures (series.ts),
 * time-ordered split, stored in the registry like every run.
 */
export interface SeriesTrainArgs {
  db: string;
  name: string;
  windowMs: number;
  horizonMs: number;
  from?: number;
  to?: number;
  request: TrainRequest;
  json: boolean;
}

export async function trainSeries(args: SeriesTrainArgs, io: CliIO): Promise<void> {
  await withWorkspace(args.db, false, async (ws) => {
    const startedAt = new Date();
    const data = await loadSeriesDataset(ws, { windowMs: args.windowMs, horizonMs: args.horizonMs, from: args.from, to: args.to });
    const fraction = args.request.testFraction ?? 0.2;
    const split = timeSplit(data, fraction);
    if (split.test.length === 0 || split.train.length === 0) throw new LabError('invalid_input', 'too few windows for a time-ordered split; use a longer range or a shorter --window');
    const result = await trainDataset(data, args.request, { workerUrl: mlWorkerUrl() }, split).catch(async (e: unknown) => {
      await recordFailedRun(ws, args.name, { ...args.request.params }, startedAt, e instanceof Error ? e.message : String(e));
      throw e;
    });
    for (const w of result.warnings) io.err(`warning: ${w}`);
    const m = result.metrics as ClassificationMetrics;
    const dataInfo = {
      source: 'readings',
      label: 'failure',
      windowMs: args.windowMs,
      horizonMs: args.horizonMs,
      rows: data.rows,
      machines: data.machines,
      failures: data.failures,
      trainRows: result.rows.train,
      testRows: result.rows.test,
      from: new Date(Math.min(...data.windowStart)).toISOString(),
      testFrom: new Date(split.cut).toISOString(),
      to: new Date(Math.max(...data.windowStart) + args.windowMs).toISOString(),
      split: `time-ordered, last ${fraction} held out`,
    };
    const file: ModelFile = {
      format: MODEL_FORMAT,
      formatVersion: 1,
      name: args.name,
      createdAt: new Date().toISOString(),
      label: 'failure',
      classes: ['0', '1'],
      threshold: result.threshold,
      derived: [],
      encodings: [],
      params: { algorithm: args.request.algorithm, ...args.request.params, windowMs: args.windowMs, horizonMs: args.horizonMs, testFraction: fraction, validation: result.validation },
      metrics: { heldOut: m, importance: result.importance.slice(0, 30), trainSeconds: result.trainSeconds },
      data: dataInfo,
      model: result.model.toJSON(),
    };
    const entry = await saveModel(ws, file, { startedAt, params: file.params });
    const report = { model: entry.id, task: 'classification', features: data.names.length, data: dataInfo, threshold: result.threshold, validation: result.validation, trainSeconds: result.trainSeconds, metrics: m, importance: result.importance.slice(0, 10), warnings: result.warnings };
    if (args.json) return printJson(io, report);
    io.out(`failure within ${args.horizonMs / 1000} s, ${args.windowMs / 1000} s windows: ${data.rows} windows of ${data.machines.length} machine(s), ${data.names.length} features; test from ${dataInfo.testFrom}`);
    io.out(`held-out: F1 ${m.f1.toFixed(3)}  precision ${m.precision.toFixed(3)}  recall ${m.recall.toFixed(3)}  ROC-AUC ${m.rocAuc.toFixed(3)}  PR-AUC ${m.prAuc.toFixed(3)}  (threshold ${m.threshold.toFixed(3)})`);
    io.out(`stored as ${entry.id} in ${args.db}`);
  });
}
