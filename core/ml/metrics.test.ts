import { describe, expect, it } from 'vitest';
import { averagePrecision, bestF1Threshold, bestThreshold, classification, curves, regression, rocAuc } from './metrics';

const f = (a: number[]) => Float64Array.from(a);

describe('metrics', () => {
  it('matches scikit-learn on its documented example', () => {
    // sklearn docs: roc_auc_score([0,0,1,1],[0.1,0.4,0.35,0.8]) = 0.75, average_precision_score = 0.8333
    expect(rocAuc(f([0, 0, 1, 1]), f([0.1, 0.4, 0.35, 0.8]))).toBeCloseTo(0.75, 10);
    expect(averagePrecision(f([0, 0, 1, 1]), f([0.1, 0.4, 0.35, 0.8]))).toBeCloseTo(0.8333333, 6);
  });

  it('averages ties in ROC-AUC and is undefined with one class', () => {
    expect(rocAuc(f([0, 1]), f([0.5, 0.5]))).toBe(0.5);
    expect(rocAuc(f([1, 1]), f([0.2, 0.5]))).toBeNaN();
  });

  it('counts the confusion matrix at a threshold', () => {
    const m = classification(f([0, 0, 1, 1, 1]), f([0.1, 0.6, 0.7, 0.4, 0.9]), 0.5);
    expect(m.confusion).toEqual([
      [1, 1],
      [1, 2],
    ]);
    expect(m.precision).toBeCloseTo(2 / 3);
    expect(m.recall).toBeCloseTo(2 / 3);
    expect(m.f1).toBeCloseTo(2 / 3);
    expect(m.accuracy).toBeCloseTo(0.6);
  });

  it('picks the F1-best threshold between scores', () => {
    const y = f([0, 0, 0, 1, 1, 0, 1]);
    const s = f([0.1, 0.2, 0.3, 0.6, 0.7, 0.65, 0.9]);
    const t = bestF1Threshold(y, s);
    expect(classification(y, s, t).f1).toBeCloseTo(6 / 7);
    expect(t).toBeGreaterThan(0.3);
    expect(t).toBeLessThanOrEqual(0.6);
  });

  it('computes MAE, RMSE and R²', () => {
    const m = regression(f([1, 2, 3, 4]), f([1, 2, 3, 6]));
    expect(m.mae).toBeCloseTo(0.5);
    expect(m.rmse).toBeCloseTo(1);
    expect(m.r2).toBeCloseTo(1 - 4 / 5);
  });

  it('chooses the threshold for the metric asked (checked by brute force over every cut)', () => {
    const y = f([1, 1, 0, 1, 0, 0, 1, 0, 0, 0]);
    const score = f([0.9, 0.8, 0.75, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]);
    expect(bestThreshold(y, score, 'f1')).toBeCloseTo(0.65, 10);
    expect(bestF1Threshold(y, score)).toBeCloseTo(0.65, 10);
    expect(bestThreshold(y, score, 'f2')).toBeCloseTo(0.35, 10); // recall weighs more: a lower cut
    expect(bestThreshold(y, score, 'f0.5')).toBeCloseTo(0.775, 10); // precision weighs more: a higher cut
    expect(bestThreshold(y, score, 'mcc')).toBeCloseTo(0.775, 10);
    // Most recall with precision ≥ 0.8: the top two (1, 1); three or four would drop it to 0.67 / 0.75.
    expect(bestThreshold(y, score, 'recall@p80')).toBeCloseTo(0.775, 10);
    // No cut reaches 0.8: the most precise one (0.5: the top two, the higher of two equals).
    expect(bestThreshold(f([0, 1, 0, 1, 0, 0]), f([0.9, 0.8, 0.7, 0.6, 0.5, 0.4]), 'recall@p80')).toBeCloseTo(0.75, 10);
  });

  it('draws ROC from (0,0) to (1,1) and PR from the top score down, thinned with the ends kept', () => {
    const c = curves(f([1, 0, 1, 0]), f([0.9, 0.8, 0.7, 0.1]));
    expect(c.roc).toEqual([[0, 0], [0, 0.5], [0.5, 0.5], [0.5, 1], [1, 1]]);
    expect(c.pr).toEqual([[0, 1], [0.5, 1], [0.5, 0.5], [1, 2 / 3], [1, 0.5]]);
    const n = 5000;
    const big = curves(Float64Array.from({ length: n }, (_, i) => i % 3 === 0 ? 1 : 0), Float64Array.from({ length: n }, (_, i) => 1 - i / n));
    expect(big.roc).toHaveLength(100);
    expect(big.roc[0]).toEqual([0, 0]);
    expect(big.roc.at(-1)).toEqual([1, 1]);
    expect(curves(f([1, 1]), f([0.2, 0.4]))).toEqual({ roc: [], pr: [] });
  });
});
