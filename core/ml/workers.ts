import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { LabError } from '../model';

/**
 * Runs `parts` jobs of the ML worker (core/ml/worker.ts, bundled as out/cli/ml-worker.js) in
 * parallel, one thread each, and collects their 'done' payloads in order. 'tick' messages count
 * progress. Cancelling terminates every thread; the caller gets a `cancelled` error.
 */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

export async function runWorkers<T>(
  url: URL,
  inputs: readonly unknown[],
  onTick: () => void,
  signal?: AbortSignal,
): Promise<T[]> {
  if (signal?.aborted) throw new LabError('cancelled', 'training cancelled');
  const workers = inputs.map((workerData) => new Worker(url, { workerData }));
  const stopAll = () => void Promise.all(workers.map((w) => w.terminate()));
  signal?.addEventListener('abort', stopAll, { once: true });
  try {
    return await Promise.all(
      workers.map(
        (worker) =>
          new Promise<T>((resolve, reject) => {
            let finished = false;
            worker.on('message', (msg: { type: 'tick' } | { type: 'done'; result: T } | { type: 'error'; message: string }) => {
              if (msg.type === 'tick') onTick();
              else if (msg.type === 'done') {
                finished = true;
                resolve(msg.result);
              } else {
                finished = true;
                reject(new LabError('internal', `training worker failed: ${msg.message}`));
              }
            });
            worker.on('error', (e) => reject(new LabError('internal', `training worker failed: ${e.message}`)));
            worker.on('exit', () => {
              if (finished) return;
              reject(signal?.aborted ? new LabError('cancelled', 'training cancelled') : new LabError('internal', 'training worker stopped'));
            });
          }),
      ),
    );
  } finally {
    signal?.removeEventListener('abort', stopAll);
    stopAll();
  }
}

/** Splits [0, n) into `parts` contiguous ranges. */
export function ranges(n: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < parts; k++) {
    const from = Math.floor((k * n) / parts);
    const to = Math.floor(((k + 1) * n) / parts);
    if (to > from) out.push([from, to]);
  }
  return out;
}
