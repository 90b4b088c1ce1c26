import { trainSeriesModel, type SeriesTrainSpec } from '../../ml/series-train';
import { withWorkspace } from '../command';
import { mlWorkerUrl } from '../bundle-paths';
import type { CliIO } from '../output';
import { printJson } from '../output';

/**
 * `servolab train --db FILE --label failure --horizon DUR [--window DUR]`: failure prediction from
 * windowed features of the workspace's readings against its ground-truth failures (series.ts),
 * time-ordered split, stored in the registry like every run (ml/series-train.ts).
 */
export interface SeriesTrainArgs extends SeriesTrainSpec {
  db: string;
  json: boolean;
}

export async function trainSeries(args: SeriesTrainArgs, io: CliIO): Promise<void> {
  await withWorkspace(args.db, false, async (ws) => {
    const { entry, data, result, metrics: m, dataInfo } = await trainSeriesModel(
      ws,
      { name: args.name, windowMs: args.windowMs, horizonMs: args.horizonMs, from: args.from, to: args.to, request: args.request },
      { workerUrl: mlWorkerUrl() },
    );
    for (const w of result.warnings) io.err(`warning: ${w}`);
    const report = { model: entry.id, task: 'classification', features: data.names.length, data: dataInfo, threshold: result.threshold, validation: result.validation, trainSeconds: result.trainSeconds, metrics: m, importance: result.importance.slice(0, 10), warnings: result.warnings };
    if (args.json) return printJson(io, report);
    io.out(`failure within ${args.horizonMs / 1000} s, ${args.windowMs / 1000} s windows: ${data.rows} windows of ${data.machines.length} machine(s), ${data.names.length} features; test from ${String(dataInfo.testFrom)}`);
    io.out(`held-out: F1 ${m.f1.toFixed(3)}  precision ${m.precision.toFixed(3)}  recall ${m.recall.toFixed(3)}  ROC-AUC ${m.rocAuc.toFixed(3)}  PR-AUC ${m.prAuc.toFixed(3)}  (threshold ${m.threshold.toFixed(3)})`);
    io.out(`stored as ${entry.id} in ${args.db}`);
  });
}
