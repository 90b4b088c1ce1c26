import { describe, expect, it } from 'vitest';
import { averagePrecision, bestF1Threshold, classification, regression, rocAuc } from './metrics';

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
});
