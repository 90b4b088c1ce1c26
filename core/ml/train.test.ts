import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../store/workspace';
import { AI4I_SPEC } from './ai4i';
import { loadDataset } from './dataset';
import type { ClassificationMetrics } from './metrics';
import { holdOut, subset } from './split';
import { modelFromJSON, trainDataset } from './train';
import type { Dataset } from './types';

const AI4I = join(__dirname, '..', '..', 'resources', 'data', 'ai4i2020.csv');

async function ai4i(): Promise<Dataset> {
  const ws = await Workspace.open(':memory:');
  try {
    return await ws.exclusive((con) => loadDataset(con, { kind: 'csv', path: AI4I }, AI4I_SPEC));
  } finally {
    ws.close();
  }
}

/** A stratified sample of rows, as a smaller dataset (ml-random-forest is too slow for all 10,000). */
function sample(d: Dataset, fraction: number, seed: number): Dataset {
  const rows = holdOut(d.y, d.task, fraction, seed).test;
  const { x, y } = subset(d, rows);
  return { ...d, ...x, y };
}

describe('training on AI4I 2020', () => {
  it('reaches held-out F1 ≥ 0.90 with derived features (our forest, 100 trees)', async () => {
    const data = await ai4i();
    const result = await trainDataset(data, { algorithm: 'forest', params: { trees: 100, seed: 42 }, testFraction: 0.2 });
    const m = result.metrics as ClassificationMetrics;
    expect(result.rows).toEqual({ train: 8000, test: 2000 });
    expect(m.support.positive).toBe(68);
    expect(m.f1).toBeGreaterThanOrEqual(0.9);
    expect(m.rocAuc).toBeGreaterThan(0.95);
    expect(result.validation).toBe('out-of-bag');
    expect(result.warnings).toEqual([]);
    // The physics features carry the failure modes (power, overstrain, heat dissipation).
    expect(result.importance.slice(0, 4).map((i) => i.feature)).toContain('power');
  }, 30_000);

  it('cross-validates on the training part and the serialized model scores the same', async () => {
    const data = sample(await ai4i(), 0.3, 1);
    const result = await trainDataset(data, { algorithm: 'forest', params: { trees: 20, seed: 3 }, folds: 3 });
    expect(result.crossValidation?.perFold).toHaveLength(3);
    expect(result.crossValidation!.mean.f1).toBeGreaterThan(0.5);
    const copy = modelFromJSON(JSON.parse(JSON.stringify(result.model.toJSON())));
    expect(copy.predict(data)).toEqual(result.model.predict(data));
  }, 30_000);

  it('trains ml-random-forest behind the same interface (sampled rows)', async () => {
    const data = sample(await ai4i(), 0.15, 2);
    const result = await trainDataset(data, { algorithm: 'ml-random-forest', params: { trees: 4, seed: 5 } });
    const m = result.metrics as ClassificationMetrics;
    expect(result.validation).toBe('held-back fifth');
    expect(m.confusion.flat().reduce((a, b) => a + b, 0)).toBe(result.rows.test);
    expect(m.rocAuc).toBeGreaterThan(0.6);
    const copy = modelFromJSON(JSON.parse(JSON.stringify(result.model.toJSON())));
    expect(copy.predict(data)).toEqual(result.model.predict(data));
  }, 30_000);

  it('regresses a numeric label (torque from the other columns)', async () => {
    const ws = await Workspace.open(':memory:');
    const data = await ws
      .exclusive((con) => loadDataset(con, { kind: 'csv', path: AI4I }, { label: 'Torque [Nm]', drop: ['UDI', 'Product ID'] }))
      .finally(() => ws.close());
    expect(data.task).toBe('regression');
    const result = await trainDataset(sample(data, 0.3, 4), { algorithm: 'forest', params: { trees: 30, seed: 1 } });
    expect(result.metrics).toHaveProperty('r2');
    expect((result.metrics as { r2: number }).r2).toBeGreaterThan(0.5); // rpm and torque are strongly coupled in AI4I
  }, 30_000);
});

describe('class imbalance options', () => {
  it('takes the threshold from a held-back fifth under a balanced bootstrap, from out-of-bag scores otherwise', async () => {
    const data = sample(await ai4i(), 0.4, 7);
    const balanced = await trainDataset(data, { algorithm: 'forest', params: { trees: 30, seed: 1, balance: 'bootstrap' } });
    expect(balanced.validation).toBe('held-back fifth');
    expect((balanced.metrics as ClassificationMetrics).f1).toBeGreaterThan(0.6);
    const weighted = await trainDataset(data, { algorithm: 'forest', params: { trees: 30, seed: 1, balance: 'weights' } });
    expect(weighted.validation).toBe('out-of-bag');
    expect((weighted.metrics as ClassificationMetrics).f1).toBeGreaterThan(0.6);
  }, 30_000);
});
