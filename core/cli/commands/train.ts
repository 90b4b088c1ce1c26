import { hopProblem } from '../../ml/hop';
import { basename, extname } from 'node:path';
import { LabError } from '../../model';
import { Workspace, MEMORY } from '../../store/workspace';
import { loadDataset, type DataSource } from '../../ml/dataset';
import { parseDerive } from '../../ml/derive';
import { recordFailedRun, saveModel } from '../../ml/registry';
import { modelFileOf } from '../../ml/run';
import { THRESHOLD_METRICS } from '../../ml/metrics';
import { trainDataset, type TrainRequest } from '../../ml/train';
import type { ClassificationMetrics, RegressionMetrics } from '../../ml/metrics';
import { choiceOption, durationOption, integerOption, numberOption, optionalString, requireString, timeOption } from '../args';
import type { Command } from '../command';
import { mlWorkerUrl } from '../bundle-paths';
import { retrainSeries, trainSeries } from './train-series';
import { formatTable, printJson } from '../output';

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a random-forest model on a CSV file or a training table (registry with --db)',
  usage:
    'servolab train (--csv FILE | --db FILE --table NAME) --label COL [--drop COL,...] [--derive NAME=EXPR ...] ' +
    '[--test-fraction F] [--folds K] [--trees N] [--algorithm forest|ml-random-forest] [--balance none|weights|bootstrap] [--threshold-metric f1|f2|f0.5|mcc] ' +
    '[--seed S] [--name NAME] [--db FILE] [--json]\n' +
    '       servolab train --db FILE --label failure|rul --horizon DUR [--window DUR [--hop DUR] [--trend DUR|none] | --source cycles [--sensor S]] [--from ISO --to ISO] [--test-fraction F] [--trees N] [--threshold-metric M] [--seed S] [--name NAME] [--json]\n' +
    '       servolab train --db FILE --label failure --horizon DUR --every DUR --lookback DUR [--runs N] [--promote if-better|always] [--window DUR] [--hop DUR] [--trend DUR|none] … (periodic retraining)',
  options: {
    csv: { type: 'string' },
    table: { type: 'string' },
    db: { type: 'string' },
    label: { type: 'string' },
    drop: { type: 'string' },
    derive: { type: 'string', multiple: true },
    'test-fraction': { type: 'string' },
    folds: { type: 'string' },
    trees: { type: 'string' },
    algorithm: { type: 'string' },
    balance: { type: 'string' },
    'threshold-metric': { type: 'string' },
    seed: { type: 'string' },
    name: { type: 'string' },
    horizon: { type: 'string' },
    window: { type: 'string' },
    hop: { type: 'string' },
    trend: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    every: { type: 'string' },
    source: { type: 'string' },
    sensor: { type: 'string' },
    lookback: { type: 'string' },
    runs: { type: 'string' },
    promote: { type: 'string' },
  },
  async run(values, io) {
    const csv = optionalString(values, 'csv');
    const table = optionalString(values, 'table');
    const db = optionalString(values, 'db');
    if (csv !== undefined && table !== undefined) throw new LabError('usage', 'give one of --csv FILE or --table NAME');
    if (table !== undefined && db === undefined) throw new LabError('usage', '--table needs --db');
    const label = requireString(values, 'label');
    const drop = (optionalString(values, 'drop') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    const derive = ((values.derive as unknown as string[] | undefined) ?? []).map(parseDerive);
    const folds = integerOption(values, 'folds', 0, 20, 0);
    if (folds === 1) throw new LabError('usage', '--folds must be 0 (none) or at least 2');
    const request: TrainRequest = {
      algorithm: choiceOption(values, 'algorithm', ['forest', 'ml-random-forest'] as const, 'forest'),
      params: {
        trees: integerOption(values, 'trees', 1, 5000, 100),
        seed: integerOption(values, 'seed', 0, 2 ** 31 - 1, 42),
        balance: choiceOption(values, 'balance', ['none', 'weights', 'bootstrap'] as const, 'none'),
      },
      testFraction: numberOption(values, 'test-fraction', 0.01, 0.99) ?? 0.2,
      folds,
      thresholdMetric: choiceOption(values, 'threshold-metric', THRESHOLD_METRICS, 'f1'),
    };
    if (values.horizon !== undefined) {
      if (db === undefined || csv !== undefined || table !== undefined) throw new LabError('usage', '--horizon trains on the workspace readings: give --db and no --csv/--table');
      if (label !== 'failure' && label !== 'rul') throw new LabError('usage', 'series training predicts --label failure (within the horizon) or --label rul (remaining useful life, capped at the horizon)');
      if (drop.length > 0 || derive.length > 0 || folds > 0) throw new LabError('usage', '--drop, --derive and --folds apply to tables, not series');
      const fromCycles = choiceOption(values, 'source', ['readings', 'cycles'] as const, 'readings') === 'cycles';
      if (!fromCycles && values.sensor !== undefined) throw new LabError('usage', '--sensor picks the cycles of one sensor: it needs --source cycles');
      if (fromCycles && (values.window !== undefined || values.hop !== undefined || values.trend !== undefined)) throw new LabError('usage', '--window, --hop and --trend apply to readings; a cycle is its own window');
      if (label === 'rul' && (fromCycles || values.every !== undefined || values.lookback !== undefined)) throw new LabError('usage', '--label rul trains once on windows of readings (no --source cycles, --every or --lookback)');
      const sensor = optionalString(values, 'sensor');
      const series = {
        db,
        ...(fromCycles ? { source: 'cycles' as const, ...(sensor !== undefined ? { sensor } : {}) } : {}),
        name: optionalString(values, 'name') ?? label,
        label: label as 'failure' | 'rul',
        horizonMs: durationOption(values, 'horizon', 30 * 86_400_000),
        windowMs: values.window === undefined ? 60_000 : durationOption(values, 'window', 86_400_000),
        ...(values.hop === undefined ? {} : { hopMs: durationOption(values, 'hop', 86_400_000) }),
        ...(values.trend === undefined ? {} : { trendMs: values.trend === 'none' ? 0 : durationOption(values, 'trend', 30 * 86_400_000) }),
        request,
        json: values.json === true,
      };
      const hopTrouble = series.hopMs === undefined ? null : hopProblem(series.windowMs, series.hopMs);
      if (hopTrouble) throw new LabError('usage', `--hop: ${hopTrouble}`);
      if (values.every !== undefined || values.lookback !== undefined) {
        if (values.from !== undefined || values.to !== undefined) throw new LabError('usage', 'periodic retraining takes --lookback, not --from/--to');
        if (fromCycles) throw new LabError('usage', 'periodic retraining learns from readings; --source cycles trains once');
        const schedule = {
          everyMs: durationOption(values, 'every', 30 * 86_400_000),
          lookbackMs: durationOption(values, 'lookback', 365 * 86_400_000),
          runs: values.runs === undefined ? Infinity : integerOption(values, 'runs', 1, 1_000_000, 1),
          promote: choiceOption(values, 'promote', ['if-better', 'always'] as const, 'if-better'),
        };
        if (!(schedule.lookbackMs > series.windowMs)) throw new LabError('usage', '--lookback must be longer than --window');
        return retrainSeries({ ...series, ...schedule }, io);
      }
      if (values.runs !== undefined || values.promote !== undefined) throw new LabError('usage', '--runs and --promote need --every and --lookback (periodic retraining)');
      return trainSeries({ ...series, from: timeOption(values, 'from'), to: timeOption(values, 'to') }, io);
    }
    if (values.every !== undefined || values.lookback !== undefined) throw new LabError('usage', '--every and --lookback need --horizon (series training)');
    if (values.window !== undefined || values.hop !== undefined || values.trend !== undefined || values.from !== undefined || values.to !== undefined) throw new LabError('usage', '--window, --hop, --trend, --from and --to need --horizon (series training)');
    if (csv === undefined && table === undefined) throw new LabError('usage', 'give one of --csv FILE or --table NAME');
    const source: DataSource = csv !== undefined ? { kind: 'csv', path: csv } : { kind: 'table', name: table! };
    const name = optionalString(values, 'name') ?? (csv !== undefined ? basename(csv, extname(csv)) : table!);
    const startedAt = new Date();
    const ws = await Workspace.open(db ?? MEMORY, { create: db !== undefined });
    // Ctrl-C stops the training (worker threads terminated); a cancelled run stores no model.
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    try {
      const data = await ws.exclusive((con) => loadDataset(con, source, { label, drop, derive }));
      let last = performance.now();
      const onProgress = (p: { treesDone: number; trees: number }) => {
        const now = performance.now();
        if (values.json || now - last < 1000) return;
        last = now;
        io.err(`… ${p.treesDone}/${p.trees} trees`);
      };
      const result = await trainDataset(data, request, { workerUrl: mlWorkerUrl(), onProgress, signal: controller.signal }).catch(async (e: unknown) => {
        if (db !== undefined) await recordFailedRun(ws, name, { ...request.params, algorithm: request.algorithm }, startedAt, e instanceof Error ? e.message : String(e));
        throw e;
      });
      for (const w of result.warnings) io.err(`warning: ${w}`);
      const file = modelFileOf(name, data, request, result);
      const entry = db !== undefined ? await saveModel(ws, file, { startedAt, params: file.params }) : undefined;
      const report = {
        model: entry?.id ?? null,
        algorithm: request.algorithm,
        task: data.task,
        label,
        classes: data.classes ?? null,
        features: data.names,
        rows: { ...result.rows, skipped: data.rowsSkipped },
        threshold: Number.isFinite(result.threshold) ? result.threshold : null,
        validation: result.validation,
        trainSeconds: result.trainSeconds,
        metrics: result.metrics,
        crossValidation: result.crossValidation ? { folds: result.crossValidation.folds, mean: result.crossValidation.mean } : null,
        importance: result.importance,
        warnings: result.warnings,
      };
      if (values.json) return printJson(io, report);
      io.out(`${request.algorithm} ${data.task} on ${data.source}: ${result.rows.train} training rows, ${result.rows.test} held out, ${result.trainSeconds.toFixed(2)} s`);
      if (data.task === 'classification') {
        const m = result.metrics as ClassificationMetrics;
        io.out(`held-out: F1 ${m.f1.toFixed(3)}  precision ${m.precision.toFixed(3)}  recall ${m.recall.toFixed(3)}  accuracy ${m.accuracy.toFixed(4)}  ROC-AUC ${m.rocAuc.toFixed(3)}  PR-AUC ${m.prAuc.toFixed(3)}  (threshold ${m.threshold.toFixed(3)}, ${result.validation})`);
        io.out(`confusion [[TN FP] [FN TP]]: [[${m.confusion[0].join(' ')}] [${m.confusion[1].join(' ')}]]`);
      } else {
        const m = result.metrics as RegressionMetrics;
        io.out(`held-out: MAE ${m.mae.toPrecision(4)}  RMSE ${m.rmse.toPrecision(4)}  R² ${m.r2.toFixed(3)}`);
      }
      if (result.crossValidation) io.out(`${folds}-fold CV mean: ${Object.entries(result.crossValidation.mean).map(([k, v]) => `${k} ${v.toFixed(3)}`).join('  ')}`);
      io.out(formatTable(['feature', 'importance'], result.importance.map((i) => [i.feature, Number(i.importance.toFixed(4))])));
      if (entry) io.out(`stored as ${entry.id} in ${db}`);
    } finally {
      process.off('SIGINT', onSignal);
      ws.close();
    }
  },
};
