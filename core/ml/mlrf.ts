import { RandomForestClassifier, RandomForestRegression } from 'ml-random-forest';
import { LabError } from '../model';
import { featureColumns, type ForestParams, type Matrix, type Model, type SerializedModel, type Task, type TrainOptions } from './types';
import { trainMlrfPart, type MlrfPart, type MlrfPartResult } from './mlrf-part';
import { defaultWorkers, ranges, runWorkers } from './workers';

/**
 * ml-random-forest behind the `Model` interface, kept selectable to compare against our forest.
 * Its best settings, measured on AI4I with derived features (10 trees, 80/20 split, best F1 over
 * thresholds): bagging on with every feature offered to each tree 0.533; no bagging with 70 % of
 * the features per tree 0.527; bagging, 70 % and 1-row leaves 0.516 (it samples features per tree,
 * not per split, so fewer features only weakens each tree). ml-cart's default trees. It has no
 * threads of its own: slices of the trees train in worker threads, and the prediction is the vote
 * share over all slices. With 100 trees it reaches F1 ≈ 0.62 in ~115 s where our forest reaches
 * 0.94 in ~0.6 s (bench case `train`).
 */
interface MlrfBody {
  parts: { trees: number; json: unknown }[];
  importance: number[];
  params: ForestParams;
}

type Forest = RandomForestClassifier | RandomForestRegression;

export class MlRandomForest implements Model {
  readonly algorithm = 'ml-random-forest' as const;

  constructor(
    readonly task: Task,
    readonly features: string[],
    private readonly parts: { trees: number; json: unknown; model: Forest }[],
    private readonly importances: Float64Array,
    readonly params: ForestParams,
  ) {}

  predict(x: Matrix): Float64Array {
    const cols = featureColumns(x, this.features);
    // The library cannot take NaN: missing values become 0, as they would in its own tree walks.
    const rows = Array.from({ length: x.rows }, (_, i) => cols.map((c) => (Number.isNaN(c[i]!) ? 0 : c[i]!)));
    const out = new Float64Array(x.rows);
    const total = this.parts.reduce((a, p) => a + p.trees, 0);
    for (const part of this.parts) {
      const scores =
        this.task === 'regression' ? part.model.predict(rows) : (part.model as RandomForestClassifier).predictProbability(rows, 1);
      for (let i = 0; i < x.rows; i++) out[i]! += (scores[i]! * part.trees) / total;
    }
    return out;
  }

  importance(): Float64Array {
    return this.importances;
  }

  toJSON(): SerializedModel {
    const body: MlrfBody = { parts: this.parts.map((p) => ({ trees: p.trees, json: p.json })), importance: Array.from(this.importances), params: this.params };
    return { algorithm: 'ml-random-forest', task: this.task, features: this.features, body };
  }

  static fromJSON(m: SerializedModel): MlRandomForest {
    const body = m.body as MlrfBody;
    const parts = body.parts.map((p) => ({ ...p, model: load(m.task, p.json) }));
    return new MlRandomForest(m.task, m.features, parts, Float64Array.from(body.importance), body.params);
  }
}

function load(task: Task, json: unknown): Forest {
  return task === 'regression'
    ? RandomForestRegression.load(json as Parameters<typeof RandomForestRegression.load>[0])
    : RandomForestClassifier.load(json as Parameters<typeof RandomForestClassifier.load>[0]);
}

export async function trainMlrf(x: Matrix, y: Float64Array, task: Task, params: ForestParams, options: TrainOptions = {}): Promise<MlRandomForest> {
  if (x.rows < 2 || x.columns.length === 0) throw new LabError('invalid_input', 'training needs at least 2 rows and 1 feature');
  const rows = Array.from({ length: x.rows }, (_, i) => x.columns.map((c) => (Number.isNaN(c[i]!) ? 0 : c[i]!)));
  const labels = Array.from(y);
  const p = x.columns.length;
  const maxFeatures = Math.min(p, Math.max(1, params.maxFeatures ?? p));
  const slices = ranges(params.trees, Math.min(params.trees, options.workers ?? defaultWorkers()));
  const inputs: MlrfPart[] = slices.map(([from, to], k) => ({
    regression: task === 'regression',
    x: rows,
    y: labels,
    trees: to - from,
    seed: params.seed + 7919 * k,
    maxFeatures,
    bagging: true,
  }));
  let done = 0;
  let results: MlrfPartResult[];
  if (options.workerUrl && inputs.length > 1) {
    results = await runWorkers<MlrfPartResult>(options.workerUrl, inputs.map((part) => ({ kind: 'mlrf', part })), () => undefined, options.signal);
  } else {
    results = [];
    for (const part of inputs) {
      if (options.signal?.aborted) throw new LabError('cancelled', 'training cancelled');
      results.push(trainMlrfPart(part));
      done += part.trees;
      options.onProgress?.({ treesDone: done, trees: params.trees });
      await new Promise((r) => setImmediate(r));
    }
  }
  const importance = new Float64Array(p);
  results.forEach((r, k) => r.importance.forEach((v, f) => (importance[f]! += (v * inputs[k]!.trees) / params.trees)));
  const parts = results.map((r, k) => ({ trees: inputs[k]!.trees, json: r.json, model: load(task, r.json) }));
  options.onProgress?.({ treesDone: params.trees, trees: params.trees });
  return new MlRandomForest(task, [...x.names], parts, importance, params);
}
