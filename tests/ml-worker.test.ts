import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { trainForest } from '../core/ml/forest/forest';
import { trainMlrf } from '../core/ml/mlrf';
import { Rng } from '../core/ml/random';
import type { Matrix } from '../core/ml/types';

/** The BUILT training worker (npm test builds the CLI first), against growing the trees on this thread. */
const WORKER = join(__dirname, '..', 'out', 'cli', 'ml-worker.js');

function data(rows: number): { x: Matrix; y: Float64Array } {
  const rng = new Rng(4);
  const columns = Array.from({ length: 5 }, () => Float64Array.from({ length: rows }, () => rng.float()));
  const y = Float64Array.from({ length: rows }, (_, i) => (columns[0]![i]! + columns[1]![i]! > 1.4 ? 1 : 0));
  return { x: { names: ['a', 'b', 'c', 'd', 'e'], columns, rows }, y };
}

describe('training in worker threads (built ml-worker.js)', () => {
  it('grows exactly the forest this thread grows, whatever the number of workers, with progress', async () => {
    expect(existsSync(WORKER), `${WORKER} missing: build the CLI first (npx vite build --config vite.cli.config.ts)`).toBe(true);
    const { x, y } = data(2000);
    const params = { trees: 12, seed: 3 };
    const inline = await trainForest(x, y, 'classification', params);
    const ticks: number[] = [];
    const threaded = await trainForest(x, y, 'classification', params, { workerUrl: pathToFileURL(WORKER), workers: 3, onProgress: (p) => ticks.push(p.treesDone) });
    expect(threaded.predict(x)).toEqual(inline.predict(x));
    expect(threaded.oob).toEqual(inline.oob);
    expect(ticks).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('cancels running workers', async () => {
    const { x, y } = data(20_000);
    const controller = new AbortController();
    const run = trainForest(x, y, 'classification', { trees: 400, seed: 1 }, { workerUrl: pathToFileURL(WORKER), workers: 2, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toThrow(/cancelled/);
  });

  it('trains ml-random-forest slices in workers', async () => {
    const { x, y } = data(300);
    const model = await trainMlrf(x, y, 'classification', { trees: 4, seed: 2 }, { workerUrl: pathToFileURL(WORKER), workers: 2 });
    const score = model.predict(x);
    expect(score.every((s) => s >= 0 && s <= 1)).toBe(true);
  });
});
