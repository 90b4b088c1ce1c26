import { describe, expect, it } from 'vitest';
import { foldOf, holdOut } from './split';

const y = Float64Array.from({ length: 1000 }, (_, i) => (i % 20 === 0 ? 1 : 0)); // 50 positives

describe('splits', () => {
  it('holds out a stratified, disjoint, seeded part', () => {
    const { train, test } = holdOut(y, 'classification', 0.2, 7);
    expect(train.length + test.length).toBe(1000);
    expect(new Set([...train, ...test]).size).toBe(1000);
    expect(test.reduce((a, i) => a + y[i]!, 0)).toBe(10);
    expect(holdOut(y, 'classification', 0.2, 7).test).toEqual(test);
    expect(holdOut(y, 'classification', 0.2, 8).test).not.toEqual(test);
  });

  it('deals every class evenly over k folds', () => {
    const fold = foldOf(y, 'classification', 5, 3);
    for (let k = 0; k < 5; k++) {
      const rows = [...fold.keys()].filter((i) => fold[i] === k);
      expect(rows.length).toBe(200);
      expect(rows.filter((i) => y[i] === 1).length).toBe(10);
    }
  });
});
