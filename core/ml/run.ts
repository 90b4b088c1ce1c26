import { MODEL_FORMAT, type ModelFile } from './model-file';
import { modelFromJSON, type TrainRequest, type TrainResult } from './train';
import type { Dataset, Matrix } from './types';

/** Turns a finished training run into its model file (what the registry stores and exports). */
export function modelFileOf(name: string, data: Dataset, request: TrainRequest, result: TrainResult): ModelFile {
  return {
    format: MODEL_FORMAT,
    formatVersion: 1,
    name,
    createdAt: new Date().toISOString(),
    label: data.label,
    classes: data.classes,
    threshold: Number.isFinite(result.threshold) ? result.threshold : null,
    derived: data.derived,
    encodings: data.encodings,
    params: { algorithm: request.algorithm, ...request.params, testFraction: request.testFraction ?? 0.2, folds: request.folds ?? 0, thresholdMetric: request.thresholdMetric ?? 'f1', validation: result.validation },
    metrics: {
      heldOut: result.metrics,
      ...(result.crossValidation ? { crossValidation: { folds: result.crossValidation.folds, mean: result.crossValidation.mean } } : {}),
      importance: result.importance,
      trainSeconds: result.trainSeconds,
    },
    data: {
      source: data.source,
      label: data.label,
      rows: data.rows,
      rowsSkipped: data.rowsSkipped,
      trainRows: result.rows.train,
      testRows: result.rows.test,
      split: `stratified held-out ${request.testFraction ?? 0.2}, seed ${request.params.seed}`,
    },
    model: result.model.toJSON(),
  };
}

export interface Scored {
  score: Float64Array;
  /** Classification: the predicted class text per row; regression: absent. */
  predicted?: string[];
}

export function scoreWith(file: ModelFile, x: Matrix): Scored {
  const model = modelFromJSON(file.model);
  const score = model.predict(x);
  if (file.model.task === 'regression' || !file.classes) return { score };
  const threshold = file.threshold ?? 0.5;
  const [negative, positive] = file.classes;
  return { score, predicted: Array.from(score, (s) => (s >= threshold ? positive : negative)) };
}
