import { parentPort, workerData } from 'node:worker_threads';
import { growTrees, type GrowJob } from './forest/grow';
import type { MlrfPart } from './mlrf-part';

/**
 * Worker entry for training (bundled as out/cli/ml-worker.js): grows one slice of a forest —
 * ours on the shared binned columns, or an ml-random-forest sub-forest — and posts a 'tick' per
 * tree and the result. The main thread merges the slices (see forest/forest.ts, mlrf.ts).
 */
type Input = { kind: 'forest'; job: GrowJob; from: number; to: number } | { kind: 'mlrf'; part: MlrfPart };

const port = parentPort;
if (!port) throw new Error('ml-worker must run as a worker thread');
const input = workerData as Input;

async function main(): Promise<void> {
  try {
    if (input.kind === 'forest') {
      const batch = growTrees(input.job, input.from, input.to, () => port!.postMessage({ type: 'tick' }));
      port!.postMessage({ type: 'done', result: batch });
    } else {
      // Loaded only when asked for: ml-random-forest and ml-matrix would slow every forest worker's start.
      const { trainMlrfPart } = await import('./mlrf-part');
      port!.postMessage({ type: 'done', result: trainMlrfPart(input.part) });
    }
  } catch (e) {
    port!.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

void main();
