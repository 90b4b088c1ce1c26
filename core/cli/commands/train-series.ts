import { setTimeout as delay } from 'node:timers/promises';
import { LabError } from '../../model';
import { Retrainer, type RetrainRun, type RetrainSpec } from '../../ml/retrainer';
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
    const { entry, data, result, metrics: m, failuresCaught, dataInfo } = await trainSeriesModel(
      ws,
      { ...args },
      { workerUrl: mlWorkerUrl() },
    );
    for (const w of result.warnings) io.err(`warning: ${w}`);
    const report = { model: entry.id, task: data.task, features: data.names.length, data: dataInfo, threshold: result.threshold, validation: result.validation, trainSeconds: result.trainSeconds, metrics: m, failuresCaught, importance: result.importance.slice(0, 10), warnings: result.warnings };
    if (args.json) return printJson(io, report);
    const hop = args.hopMs !== undefined && args.hopMs < args.windowMs ? ` every ${args.hopMs / 1000} s` : '';
    const rows = data.source === 'cycles' ? `${data.rows} load cycles` : `${args.windowMs / 1000} s windows${hop}: ${data.rows} windows`;
    const what = data.task === 'regression' ? `remaining useful life (s, capped at ${args.horizonMs / 1000} s)` : `failure within ${args.horizonMs / 1000} s`;
    io.out(`${what}, ${rows} of ${data.machines.length} machine(s), ${data.names.length} features; test from ${String(dataInfo.testFrom)}`);
    if ('mae' in m) io.out(`held-out: MAE ${m.mae.toFixed(1)} s  RMSE ${m.rmse.toFixed(1)} s  R² ${m.r2.toFixed(3)}`);
    else io.out(`held-out: F1 ${m.f1.toFixed(3)}  precision ${m.precision.toFixed(3)}  recall ${m.recall.toFixed(3)}  ROC-AUC ${m.rocAuc.toFixed(3)}  PR-AUC ${m.prAuc.toFixed(3)}  (threshold ${m.threshold.toFixed(3)})`);
    const f = failuresCaught;
    if (f && f.covered > 0) {
      const lead = f.caught > 0 ? `, median ${f.medianLeadSeconds.toFixed(1)} s ahead` : '';
      io.out(`held-out failures caught ahead: ${f.caught} of ${f.covered} (${f.recall.toFixed(3)})${lead}; false alarms ${f.falseAlarmsPerHour.toFixed(2)} per machine-hour`);
    }
    io.out(`stored as ${entry.id} in ${args.db}`);
  });
}

export interface RetrainArgs extends Omit<RetrainSpec, 'request'> {
  db: string;
  request: SeriesTrainSpec['request'];
  /** Runs before exiting (Infinity: until Ctrl-C). */
  runs: number;
  json: boolean;
}

/**
 * `servolab train … --every DUR --lookback DUR [--runs N]`: periodic retraining (ml/retrainer.ts)
 * headless — a line per run (one JSON document of every run with --json), Ctrl-C stops between
 * runs or cancels the one in progress. A run that cannot train is reported and the schedule goes on;
 * the exit code is 1 only when no run trained at all.
 */
export async function retrainSeries(args: RetrainArgs, io: CliIO): Promise<void> {
  await withWorkspace(args.db, false, async (ws) => {
    const retrainer = new Retrainer(ws, { ...args }, { train: { workerUrl: mlWorkerUrl() } });
    const stop = new AbortController();
    const onSignal = () => {
      stop.abort();
      void retrainer.stop();
    };
    process.once('SIGINT', onSignal);
    const runs: RetrainRun[] = [];
    try {
      while (runs.length < args.runs && !stop.signal.aborted) {
        const started = Date.now();
        const run = await retrainer.runOnce();
        runs.push(run);
        if (!args.json) io[run.error ? 'err' : 'out'](`${new Date(run.at).toISOString()} ${run.model ?? '(no model)'}: ${run.decision}`);
        if (runs.length < args.runs) await delay(Math.max(0, args.everyMs - (Date.now() - started)), undefined, { signal: stop.signal }).catch(() => undefined);
      }
    } finally {
      process.off('SIGINT', onSignal);
    }
    const status = retrainer.status();
    if (args.json) printJson(io, { runs, promotions: status.promotions, failures: status.failures });
    if (runs.length > 0 && runs.every((r) => r.error)) throw new LabError('invalid_input', `no retraining run trained a model (last: ${runs.at(-1)!.decision})`);
  });
}
