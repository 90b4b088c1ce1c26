import { describe, expect, it } from 'vitest';
import { Workspace } from '../store/workspace';
import { trainForest } from './forest/forest';
import { MODEL_FORMAT, type ModelFile } from './model-file';
import { importModel, listModels, loadModelFile, promote, recordFailedRun, resolveModel, saveModel } from './registry';
import { scoreWith } from './run';
import type { Matrix } from './types';

async function file(name: string): Promise<ModelFile> {
  const x: Matrix = { names: ['a'], columns: [Float64Array.from({ length: 40 }, (_, i) => i)], rows: 40 };
  const y = Float64Array.from({ length: 40 }, (_, i) => (i >= 30 ? 1 : 0));
  const model = await trainForest(x, y, 'classification', { trees: 5, seed: 1 });
  return {
    format: MODEL_FORMAT,
    formatVersion: 1,
    name,
    createdAt: new Date().toISOString(),
    label: 'broken',
    classes: ['no', 'yes'],
    threshold: 0.5,
    derived: [],
    encodings: [],
    params: { algorithm: 'forest', trees: 5 },
    metrics: { heldOut: { f1: 1 } },
    data: { source: 'test', rows: 40 },
    model: model.toJSON(),
  };
}

describe('model registry', () => {
  it('versions runs, promotes one live version per name, exports and imports model files', async () => {
    const ws = await Workspace.open(':memory:');
    try {
      const v1 = await saveModel(ws, await file('press'), { startedAt: new Date(), params: {} });
      const v2 = await saveModel(ws, await file('press'), { startedAt: new Date(), params: {} });
      expect([v1.id, v2.id]).toEqual(['press@1', 'press@2']);
      await expect(resolveModel(ws, 'live')).rejects.toThrow(/no model is live/);
      await promote(ws, 'press@1');
      await promote(ws, 'press@2');
      expect((await listModels(ws)).map((m) => [m.id, m.live])).toEqual([
        ['press@1', false],
        ['press@2', true],
      ]);
      expect((await resolveModel(ws, 'live')).id).toBe('press@2');
      expect((await resolveModel(ws, 'press@live')).id).toBe('press@2');
      await expect(resolveModel(ws, 'press@9')).rejects.toThrow(/no model press@9/);

      const exported = await loadModelFile(ws, v2);
      const imported = await importModel(ws, JSON.stringify(exported), 'press.model.json');
      expect(imported.id).toBe('press@3');
      expect(imported.live).toBe(false);
      const x: Matrix = { names: ['a'], columns: [Float64Array.from([0, 35])], rows: 2 };
      expect(scoreWith(await loadModelFile(ws, imported), x).predicted).toEqual(['no', 'yes']);
      await expect(importModel(ws, '{"format":"other"}', 'bad.json')).rejects.toThrow(/bad.json is not a ServoLab model file/);

      await recordFailedRun(ws, 'press', {}, new Date(), 'boom');
      const runs = await ws.rows<{ status: string; model: string }>(`SELECT status, model FROM runs ORDER BY started_at`);
      expect(runs.map((r) => r.status).sort()).toEqual(['failed', 'finished', 'finished', 'finished']);
    } finally {
      ws.close();
    }
  });
});
