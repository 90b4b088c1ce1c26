/**
 * Shapes shared by the ML engine. Data moves as column-major typed arrays (one Float64Array per
 * feature), never as per-row objects: the forest bins them once and walks indexes.
 */
import { LabError } from '../model';

export type Task = 'classification' | 'regression';

/** Column-major feature matrix: `columns[f][row]`; NaN marks a missing value. */
export interface Matrix {
  names: string[];
  columns: Float64Array[];
  rows: number;
}

/** The columns of `x` a model was trained on, in the model's order; a missing one is a clear error. */
export function featureColumns(x: Matrix, features: readonly string[]): Float64Array[] {
  return features.map((name) => {
    const k = x.names.indexOf(name);
    if (k < 0) throw new LabError('invalid_input', `the data has no feature "${name}" the model needs`);
    return x.columns[k]!;
  });
}

/** A categorical feature's codes: `categories[code]` is the text; unseen text becomes NaN. */
export interface Encoding {
  feature: string;
  categories: string[];
}

export interface Dataset extends Matrix {
  label: string;
  task: Task;
  /** Classification: 0/1 with 1 the positive class; regression: the value. */
  y: Float64Array;
  /** Classification: the label's two values as text, [negative, positive]. */
  classes?: [string, string];
  encodings: Encoding[];
  derived: DerivedFeature[];
  /** Rows read, and rows skipped because their label was missing. */
  rowsRead: number;
  rowsSkipped: number;
  source: string;
}

export interface DerivedFeature {
  name: string;
  expression: string;
}

export type Algorithm = 'forest' | 'ml-random-forest';

export interface ForestParams {
  trees: number;
  seed: number;
  /** Features tried per split (forest) or per tree (ml-random-forest); default √p / p/3. */
  maxFeatures?: number;
  maxDepth?: number;
  minLeaf?: number;
  /** Class imbalance: none, class weights, or a bootstrap drawn equally from both classes. */
  balance?: 'none' | 'weights' | 'bootstrap';
}

export interface TrainProgress {
  treesDone: number;
  trees: number;
}

export interface TrainOptions {
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress) => void;
  /** Worker entry (bundled CLI); without it trees are grown on this thread. */
  workerUrl?: URL;
  workers?: number;
}

/** A trained model: scores for rows, importances, and a JSON form for the registry. */
export interface Model {
  algorithm: Algorithm;
  task: Task;
  features: string[];
  /** Classification: P(positive); regression: the predicted value. */
  predict(x: Matrix): Float64Array;
  /** Out-of-bag scores of the training rows (NaN where a row was in every bag), when available. */
  oob?: Float64Array;
  importance(): Float64Array;
  toJSON(): SerializedModel;
}

export interface SerializedModel {
  algorithm: Algorithm;
  task: Task;
  features: string[];
  body: unknown;
}
