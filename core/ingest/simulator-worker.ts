import { parentPort, workerData } from 'node:worker_threads';
import { chunkTransferables, simulateChunks, type ChunkPlan } from './simulator-chunks';

/**
 * Worker side of a backfill: generates and prepares chunks while the main thread commits the
 * previous ones. At most `window` chunks are in flight; the main thread acks each commit.
 */
interface WorkerInput {
  plan: ChunkPlan;
  window: number;
}

const port = parentPort;
if (!port) throw new Error('simulator-worker must run as a worker thread');
const { plan, window } = workerData as WorkerInput;
let acked = 0;
let stopped = false;
let wake: (() => void) | null = null;

port.on('message', (msg: { type: 'ack' } | { type: 'stop' }) => {
  if (msg.type === 'ack') acked++;
  else stopped = true;
  wake?.();
});

async function main(): Promise<void> {
  let sent = 0;
  try {
    for (const chunk of simulateChunks(plan)) {
      while (!stopped && sent - acked >= window) await new Promise<void>((resolve) => (wake = resolve));
      if (stopped) break;
      port!.postMessage({ type: 'chunk', chunk }, chunkTransferables(chunk));
      sent++;
    }
    port!.postMessage({ type: 'done' });
  } catch (e) {
    port!.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
  port!.close();
}

void main();
