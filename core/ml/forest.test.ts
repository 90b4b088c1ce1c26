import { describe, expect, it } from 'vitest';
import { binMatrix, binOf, featureEdges } from './forest/bins';
import { FastForest, trainForest } from './forest/forest';
import { classification, regression, rocAuc } from './metrics';
import { Rng } from './random';
import type { Matrix } from './types';

/** Two informative features with a crisp rule (x0 > 0.7 or x1 < 0.1), two noise features, 5 % positives-ish. */
function synthetic(rows: number, seed: number): { x: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const columns = Array.from({ length: 4 }, () => Float64Array.from({ length: rows }, () => rng.float()));
  const y = Float64Array.from({ length: rows }, (_, i) => (columns[0]![i]! > 0.9 || columns[1]![i]! < 0.05 ? 1 : 0));
  return { x: { names: ['a', 'b', 'noise1', 'noise2'], columns, rows }, y };
}

describe('histogram bins', () => {
  it('keeps every distinct value apart when there are few, and puts NaN in its own top bin', () => {
    const e = featureEdges(Float64Array.from([3, 1, 2, 2, NaN]));
    expect(Array.from(e)).toEqual([1.5, 2.5]);
    expect([1, 2, 3, NaN].map((v) => binOf(e, v))).toEqual([0, 1, 2, 3]);
  });

  it('agrees with the raw-value thresholds: x ≤ edges[b] ⇔ bin ≤ b', () => {
    const rng = new Rng(5);
    const col = Float64Array.from({ length: 20_000 }, () => rng.float() * 100);
    const { codes, edges } = binMatrix([col], col.length);
    expect(edges[0]!.length).toBeLessThanOrEqual(4094);
    for (let i = 0; i < col.length; i += 97) {
      const b = codes[i]!;
      if (b > 0) expect(col[i]!).toBeGreaterThan(edges[0]![b - 1]!);
      if (b < edges[0]!.length) expect(col[i]!).toBeLessThanOrEqual(edges[0]![b]!);
    }
  });
});

describe('FastForest', () => {
  it('learns a rule, ranks informative features first and is reproducible for a seed', async () => {
    const train = synthetic(3000, 1);
    const test = synthetic(1000, 2);
    const model = await trainForest(train.x, train.y, 'classification', { trees: 40, seed: 9 });
    const score = model.predict(test.x);
    expect(classification(test.y, score, 0.5).f1).toBeGreaterThan(0.9);
    const imp = Array.from(model.importance());
    expect(imp[0]! + imp[1]!).toBeGreaterThan(0.8);
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    const again = await trainForest(train.x, train.y, 'classification', { trees: 40, seed: 9 });
    expect(again.predict(test.x)).toEqual(score);
    // Out-of-bag scores are honest validation scores: close to the held-out ranking quality.
    expect(rocAuc(train.y, model.oob!.map((v) => (Number.isNaN(v) ? 0.5 : v)))).toBeGreaterThan(0.95);
  });

  it('round-trips through JSON with identical predictions, NaN included', async () => {
    const train = synthetic(800, 3);
    train.x.columns[0]![5] = NaN;
    const model = await trainForest(train.x, train.y, 'classification', { trees: 10, seed: 1, balance: 'weights' });
    const copy = FastForest.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    const test = synthetic(300, 4);
    test.x.columns[0]![0] = NaN;
    expect(copy.predict(test.x)).toEqual(model.predict(test.x));
  });

  it('regresses a smooth target', async () => {
    const rng = new Rng(11);
    const rows = 3000;
    const a = Float64Array.from({ length: rows }, () => rng.float());
    const b = Float64Array.from({ length: rows }, () => rng.float());
    const y = Float64Array.from({ length: rows }, (_, i) => 3 * a[i]! + b[i]! * b[i]! + 0.05 * rng.float());
    const x: Matrix = { names: ['a', 'b'], columns: [a, b], rows };
    const model = await trainForest(x, y, 'regression', { trees: 30, seed: 2, maxFeatures: 2 });
    expect(regression(y, model.predict(x)).r2).toBeGreaterThan(0.98);
  });

  it('stops when cancelled', async () => {
    const { x, y } = synthetic(2000, 5);
    const controller = new AbortController();
    controller.abort();
    await expect(trainForest(x, y, 'classification', { trees: 50, seed: 1 }, { signal: controller.signal })).rejects.toThrow(/cancelled/);
  });

  it('refuses a model whose feature is missing from the data', async () => {
    const { x, y } = synthetic(200, 6);
    const model = await trainForest(x, y, 'classification', { trees: 3, seed: 1 });
    expect(() => model.predict({ names: ['a'], columns: [x.columns[0]!], rows: x.rows })).toThrow(/no feature "b"/);
  });
});
