/**
 * Evaluation: threshold metrics from a confusion matrix, ranking metrics over scores (ROC-AUC by
 * the rank-sum formula with ties averaged, PR-AUC as average precision, as scikit-learn computes
 * them), the F1-optimal decision threshold, and regression errors.
 */
export interface ClassificationMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  rocAuc: number;
  prAuc: number;
  threshold: number;
  /** [[TN, FP], [FN, TP]] */
  confusion: [[number, number], [number, number]];
  support: { positive: number; negative: number };
}

export interface RegressionMetrics {
  mae: number;
  rmse: number;
  r2: number;
}

export type Metrics = ClassificationMetrics | RegressionMetrics;

export function classification(y: Float64Array, score: Float64Array, threshold: number): ClassificationMetrics {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < y.length; i++) {
    const pos = score[i]! >= threshold;
    if (y[i]! > 0.5) {
      if (pos) tp++;
      else fn++;
    } else if (pos) fp++;
    else tn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  return {
    accuracy: y.length > 0 ? (tp + tn) / y.length : 0,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    rocAuc: rocAuc(y, score),
    prAuc: averagePrecision(y, score),
    threshold,
    confusion: [
      [tn, fp],
      [fn, tp],
    ],
    support: { positive: tp + fn, negative: tn + fp },
  };
}

function byScoreDesc(score: Float64Array): Int32Array {
  const order = Int32Array.from(score, (_, i) => i);
  return order.sort((a, b) => score[b]! - score[a]!);
}

export function rocAuc(y: Float64Array, score: Float64Array): number {
  const order = Int32Array.from(score, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let pos = 0;
  let rankSum = 0;
  for (let k = 0; k < order.length; ) {
    let j = k;
    while (j + 1 < order.length && score[order[j + 1]!] === score[order[k]!]) j++;
    const rank = (k + j) / 2 + 1;
    for (let m = k; m <= j; m++) if (y[order[m]!]! > 0.5) {
      pos++;
      rankSum += rank;
    }
    k = j + 1;
  }
  const neg = y.length - pos;
  return pos === 0 || neg === 0 ? NaN : (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Σ (R_k − R_{k−1}) · P_k over the distinct score thresholds, highest first. */
export function averagePrecision(y: Float64Array, score: Float64Array): number {
  const order = byScoreDesc(score);
  const total = positives(y, order);
  if (total === 0) return NaN;
  let ap = 0, lastRecall = 0;
  for (const { tp, seen } of scoreSteps(y, score, order)) {
    const recall = tp / total;
    ap += (recall - lastRecall) * (tp / seen);
    lastRecall = recall;
  }
  return ap;
}

/**
 * The threshold with the best F1 on validation scores: every distinct score is a candidate, and
 * the cut sits half-way between it and the next lower score, so a model scored on new data is
 * not decided by a hair's breadth. Ties in F1 keep the higher threshold (fewer alarms).
 */
export function bestF1Threshold(y: Float64Array, score: Float64Array): number {
  const keep = Int32Array.from(score, (_, i) => i).filter((i) => !Number.isNaN(score[i]!));
  const order = keep.sort((a, b) => score[b]! - score[a]!);
  const total = positives(y, order);
  if (total === 0 || order.length === 0) return 0.5;
  let best = -1, threshold = 0.5;
  for (const { tp, seen, first, next } of scoreSteps(y, score, order)) {
    const f1 = (2 * tp) / (seen + total);
    if (f1 > best) {
      best = f1;
      threshold = (score[order[first]!]! + (next < order.length ? score[order[next]!]! : 0)) / 2;
    }
  }
  return threshold;
}

function positives(y: Float64Array, order: Int32Array): number {
  let total = 0;
  for (const i of order) total += y[i]! > 0.5 ? 1 : 0;
  return total;
}

/**
 * Walks `order` (rows by descending score) one distinct score at a time: after each step, `tp`
 * positives among the `seen` rows scoring at least `score[order[first]]`; `next` is the first
 * row of the following (lower) score.
 */
function* scoreSteps(y: Float64Array, score: Float64Array, order: Int32Array): Generator<{ tp: number; seen: number; first: number; next: number }> {
  let tp = 0, seen = 0;
  for (let k = 0; k < order.length; ) {
    let j = k;
    while (j < order.length && score[order[j]!] === score[order[k]!]) {
      if (y[order[j]!]! > 0.5) tp++;
      seen++;
      j++;
    }
    yield { tp, seen, first: k, next: j };
    k = j;
  }
}

export function regression(y: Float64Array, pred: Float64Array): RegressionMetrics {
  let abs = 0, sq = 0, mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i]! / y.length;
  let tot = 0;
  for (let i = 0; i < y.length; i++) {
    const e = pred[i]! - y[i]!;
    abs += Math.abs(e);
    sq += e * e;
    tot += (y[i]! - mean) ** 2;
  }
  const n = Math.max(1, y.length);
  return { mae: abs / n, rmse: Math.sqrt(sq / n), r2: tot > 0 ? 1 - sq / tot : NaN };
}
