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
  /** ROC (false-positive rate, true-positive rate) and PR (recall, precision) points, at most ~100 each. */
  curves?: Curves;
}

export interface Curves {
  roc: [number, number][];
  pr: [number, number][];
}

/** What the decision threshold is chosen to maximise: F1, recall-leaning F2, precision-leaning F0.5, or Matthews' correlation. */
/**
 * What a decision threshold can be chosen to maximise: Fβ (β = 1, 2, 0.5), Matthews correlation, or
 * recall among the thresholds whose precision is at least 80 % (`recall@p80`: "warn of as many
 * failures as possible, four alerts in five real"; where none gets there, the most precise).
 */
export const THRESHOLD_METRICS = ['f1', 'f2', 'f0.5', 'mcc', 'recall@p80'] as const;
const MIN_PRECISION = 0.8;
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];

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
    curves: curves(y, score),
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
 * The threshold with the best `metric` on validation scores: every distinct score is a candidate,
 * and the cut sits half-way between it and the next lower score, so a model scored on new data is
 * not decided by a hair's breadth. Ties keep the higher threshold (fewer alarms).
 */
export function bestThreshold(y: Float64Array, score: Float64Array, metric: ThresholdMetric = 'f1'): number {
  const keep = Int32Array.from(score, (_, i) => i).filter((i) => !Number.isNaN(score[i]!));
  const order = keep.sort((a, b) => score[b]! - score[a]!);
  const total = positives(y, order);
  if (total === 0 || order.length === 0) return 0.5;
  const value = thresholdValue(metric, total, order.length);
  let best = -Infinity, threshold = 0.5;
  for (const { tp, seen, first, next } of scoreSteps(y, score, order)) {
    const v = value(tp, seen);
    if (v > best) {
      best = v;
      threshold = (score[order[first]!]! + (next < order.length ? score[order[next]!]! : 0)) / 2;
    }
  }
  return threshold;
}

export function bestF1Threshold(y: Float64Array, score: Float64Array): number {
  return bestThreshold(y, score, 'f1');
}

/** The metric from the cut's true positives and rows above it (`seen`), given the positives and rows in all. */
/** A threshold metric's value at a confusion matrix [[TN, FP], [FN, TP]] (0 where undefined). */
export function metricAt(metric: ThresholdMetric, confusion: ClassificationMetrics['confusion']): number {
  const [[tn, fp], [fn, tp]] = confusion;
  const v = thresholdValue(metric, tp + fn, tn + fp + fn + tp)(tp, tp + fp);
  return Number.isFinite(v) ? v : 0;
}

function thresholdValue(metric: ThresholdMetric, total: number, rows: number): (tp: number, seen: number) => number {
  if (metric === 'mcc') {
    return (tp, seen) => {
      const fp = seen - tp, fn = total - tp, tn = rows - seen - fn;
      const d = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
      return d === 0 ? 0 : (tp * tn - fp * fn) / d;
    };
  }
  if (metric === 'recall@p80') {
    // Above −1 only where precision reaches the floor; below it, more precision is better.
    return (tp, seen) => (seen > 0 && tp / seen >= MIN_PRECISION ? tp / total : seen > 0 ? tp / seen - 1 : -1);
  }
  const b2 = metric === 'f2' ? 4 : metric === 'f0.5' ? 0.25 : 1;
  // Fβ = (1+β²)·TP / ((1+β²)·TP + β²·FN + FP) = (1+β²)·TP / (β²·P + seen)
  return (tp, seen) => ((1 + b2) * tp) / (b2 * total + seen);
}

/** ROC and PR points over the distinct scores, thinned to about `points` each (ends kept). */
export function curves(y: Float64Array, score: Float64Array, points = 100): Curves {
  const keep = Int32Array.from(score, (_, i) => i).filter((i) => !Number.isNaN(score[i]!));
  const order = keep.sort((a, b) => score[b]! - score[a]!);
  const total = positives(y, order);
  const negatives = order.length - total;
  const roc: [number, number][] = [[0, 0]];
  // Like scikit-learn's curve, PR starts at recall 0, precision 1.
  const pr: [number, number][] = [[0, 1]];
  if (total === 0 || negatives === 0) return { roc: [], pr: [] };
  for (const { tp, seen } of scoreSteps(y, score, order)) {
    roc.push([(seen - tp) / negatives, tp / total]);
    pr.push([tp / total, tp / seen]);
  }
  return { roc: thin(roc, points), pr: thin(pr, points) };
}

function thin(points: [number, number][], max: number): [number, number][] {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, k) => points[Math.round(k * step)]!);
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
