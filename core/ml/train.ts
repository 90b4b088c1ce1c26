import { LabError } from '../model';
import { trainForest, FastForest } from './forest/forest';
import { leakageWarnings } from './leakage';
import { bestThreshold, classification, regression, type Metrics, type ThresholdMetric } from './metrics';
import { MlRandomForest, trainMlrf } from './mlrf';
import { foldOf, holdOut, subset, takeRows, takeY } from './split';
import type { Algorithm, Dataset, ForestParams, Matrix, Model, SerializedModel, Task, TrainOptions } from './types';

/**
 * One training run over a dataset: seeded stratified held-out split; optional stratified k-fold
 * cross-validation on the training part; the model fitted on the training part with its decision
 * threshold chosen for F1 on validation data (our forest's out-of-bag scores — rows each tree
 * never saw — or, for ml-random-forest and a balanced bootstrap, a stratified fifth of the
 * training part held back);
 * metrics on the held-out part, which nothing above has touched.
 */
/** Positive rows a time-ordered validation needs before its threshold replaces the out-of-bag one. */
const MIN_VALIDATION_POSITIVES = 20;

export interface TrainRequest {
  algorithm: Algorithm;
  params: ForestParams;
  /** Fraction of rows held out for the final metrics (default 0.2). */
  testFraction?: number;
  /** k-fold cross-validation on the training part when ≥ 2. */
  folds?: number;
  /** What the decision threshold maximises on validation data (default F1). */
  thresholdMetric?: ThresholdMetric;
}

export interface Fitted {
  model: Model;
  /** Classification decision threshold on P(positive). */
  threshold: number;
  validation: 'out-of-bag' | 'held-back fifth' | 'latest fifth of training' | 'none';
}

export interface TrainResult extends Fitted {
  task: Task;
  metrics: Metrics;
  crossValidation?: { folds: number; mean: Record<string, number>; perFold: Metrics[] };
  importance: { feature: string; importance: number }[];
  warnings: string[];
  rows: { train: number; test: number };
  trainSeconds: number;
}

export async function fitModel(x: Matrix, y: Float64Array, task: Task, request: TrainRequest, options: TrainOptions = {}): Promise<Fitted> {
  const trainer = request.algorithm === 'forest' ? trainForest : trainMlrf;
  if (task === 'regression') return { model: await trainer(x, y, task, request.params, options), threshold: NaN, validation: 'none' };
  // A balanced bootstrap draws the rare class so often that its rows are almost never out of bag:
  // then, as for ml-random-forest (no usable out-of-bag scores), a held-back fifth decides.
  if (request.algorithm === 'forest' && request.params.balance !== 'bootstrap') {
    const model = await trainForest(x, y, task, request.params, options);
    return { model, threshold: bestThreshold(y, model.oob!, request.thresholdMetric), validation: 'out-of-bag' };
  }
  const { train, test } = holdOut(y, task, 0.2, request.params.seed + 1);
  const model = await trainer(takeRows(x, train), takeY(y, train), task, request.params, options);
  return { model, threshold: bestThreshold(takeY(y, test), model.predict(takeRows(x, test)), request.thresholdMetric), validation: 'held-back fifth' };
}

export function evaluate(fitted: Fitted, x: Matrix, y: Float64Array): Metrics {
  const score = fitted.model.predict(x);
  return fitted.model.task === 'regression' ? regression(y, score) : classification(y, score, fitted.threshold);
}

function meanOf(perFold: Metrics[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(perFold[0]!)) {
    const values = perFold.map((m) => (m as unknown as Record<string, unknown>)[key]);
    if (values.every((v) => typeof v === 'number')) out[key] = (values as number[]).reduce((a, b) => a + b, 0) / values.length;
  }
  return out;
}

/** `split` replaces the stratified held-out split (series use a time-ordered one). */
export async function trainDataset(
  data: Dataset,
  request: TrainRequest,
  options: TrainOptions = {},
  split?: { train: Int32Array; test: Int32Array; validation?: { fit: Int32Array; validate: Int32Array } },
): Promise<TrainResult> {
  const fraction = request.testFraction ?? 0.2;
  if (!(fraction > 0 && fraction < 1)) throw new LabError('usage', '--test-fraction must be between 0 and 1');
  const { train, test } = split ?? holdOut(data.y, data.task, fraction, request.params.seed);
  if (train.length < 4 || test.length < 2) throw new LabError('invalid_input', `too few rows to split (${data.rows})`);
  const trainPart = subset(data, train);
  const testPart = subset(data, test);
  const warnings = leakageWarnings(trainPart.x, trainPart.y, data.task);
  if (data.task === 'classification') {
    const pos = testPart.y.reduce((a, b) => a + b, 0);
    if (pos === 0) warnings.push('the held-out part has no positive rows: precision, recall and F1 are 0 by definition');
  }
  let crossValidation: TrainResult['crossValidation'];
  const k = request.folds ?? 0;
  if (k >= 2) {
    const fold = foldOf(trainPart.y, data.task, k, request.params.seed);
    const perFold: Metrics[] = [];
    for (let f = 0; f < k; f++) {
      const inner = Int32Array.from(fold, (_, i) => i).filter((i) => fold[i] !== f);
      const outer = Int32Array.from(fold, (_, i) => i).filter((i) => fold[i] === f);
      const fitted = await fitModel(takeRows(trainPart.x, inner), takeY(trainPart.y, inner), data.task, request, { ...options, onProgress: undefined });
      perFold.push(evaluate(fitted, takeRows(trainPart.x, outer), takeY(trainPart.y, outer)));
    }
    crossValidation = { folds: k, mean: meanOf(perFold), perFold };
  }
  const started = performance.now();
  let fitted = await fitModel(trainPart.x, trainPart.y, data.task, request, options);
  const later = split?.validation && data.task === 'classification' ? split.validation : null;
  if (later && takeY(data.y, later.validate).reduce((a, b) => a + b, 0) >= MIN_VALIDATION_POSITIVES) {
    // The threshold from a model of the earlier training rows scoring the later ones (series); with
    // fewer positives there than this, the out-of-bag scores decide (noisy, but not a handful).
    const { fit, validate } = later;
    const early = await fitModel(takeRows(data, fit), takeY(data.y, fit), data.task, request, { ...options, onProgress: undefined });
    const threshold = bestThreshold(takeY(data.y, validate), early.model.predict(takeRows(data, validate)), request.thresholdMetric);
    fitted = { ...fitted, threshold, validation: 'latest fifth of training' };
  }
  const trainSeconds = (performance.now() - started) / 1000;
  const importance = Array.from(fitted.model.importance(), (v, f) => ({ feature: data.names[f]!, importance: v })).sort((a, b) => b.importance - a.importance);
  return {
    ...fitted,
    task: data.task,
    metrics: evaluate(fitted, testPart.x, testPart.y),
    crossValidation,
    importance,
    warnings,
    rows: { train: train.length, test: test.length },
    trainSeconds,
  };
}

export function modelFromJSON(m: SerializedModel): Model {
  if (m.algorithm === 'forest') return FastForest.fromJSON(m);
  if (m.algorithm === 'ml-random-forest') return MlRandomForest.fromJSON(m);
  throw new LabError('invalid_input', `unknown model algorithm "${String(m.algorithm)}"`);
}
