import { RandomForestClassifier, RandomForestRegression } from 'ml-random-forest';

/**
 * One slice of an ml-random-forest model, trained on this thread (or in a worker: the library
 * has no parallelism of its own, so mlrf.ts trains slices of the trees side by side).
 */
export interface MlrfPart {
  regression: boolean;
  /** Row-major, as the library wants it. */
  x: number[][];
  y: number[];
  trees: number;
  seed: number;
  maxFeatures: number;
  bagging: boolean;
}

export interface MlrfPartResult {
  json: unknown;
  importance: number[];
}

export function trainMlrfPart(part: MlrfPart): MlrfPartResult {
  const options = {
    nEstimators: part.trees,
    seed: part.seed | 0,
    maxFeatures: part.maxFeatures,
    replacement: false,
    useSampleBagging: part.bagging,
    // The library's out-of-bag collection is quadratic in the rows (it re-slices arrays per row):
    // off, and the threshold is chosen on a held-back validation part instead (train.ts).
    noOOB: true,
    treeOptions: {},
  };
  const model = part.regression ? new RandomForestRegression(options) : new RandomForestClassifier(options);
  model.train(part.x, part.y);
  const importance = (model as unknown as { featureImportance(): number[] }).featureImportance();
  // Through JSON, not structured clone: ml-matrix serialises to nested arrays only in toJSON(), and
  // ml-cart's load rebuilds matrices from arrays (a cloned Matrix object would not predict).
  return { json: JSON.parse(JSON.stringify(model.toJSON())) as unknown, importance };
}
