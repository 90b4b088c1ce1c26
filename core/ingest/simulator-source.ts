import { Worker } from 'node:worker_threads';
import { LabError } from '../model';
import { Simulator, type SimulatorConfig } from '../sim/simulator';
import type { Ingestor } from './ingestor';
import { simulateChunks, type ChunkPlan, type SimulatedChunk } from './simulator-chunks';

export interface BackfillProgress {
  untilMs: number;
  fraction: number;
  stored: number;
  quarantined: number;
}

export interface BackfillOptions {
  config: SimulatorConfig;
  durationMs: number;
  targetReadings?: number;
  signal?: AbortSignal;
  onProgress?: (progress: BackfillProgress) => void;
  /** The built simulator-worker.js; without it generation runs inline on this thread. */
  workerUrl?: URL;
}

export interface BackfillSummary {
  stored: number;
  quarantined: number;
  events: number;
  batches: number;
  elapsedMs: number;
  readingsPerSecond: number;
  cancelled: boolean;
  threaded: boolean;
}

const DEFAULT_TARGET_READINGS = 1_000_000;

/**
 * Backfills a simulated history as fast as possible. Generation and preparation (validation,
 * ordering, rollups) run in a worker while this thread commits, one transaction per batch.
 * Cancelling stops after the batch in flight; what was committed stays, whole batches only.
 */
export async function backfill(ingestor: Ingestor, options: BackfillOptions): Promise<BackfillSummary> {
  const simulator = new Simulator(options.config); // validates the configuration up front
  await ingestor.defineSensors(simulator.sensors());
  const ranges = ingestor.catalog.sensors().map((s) => [s.name, s.min, s.max] as [string, number, number]);
  const plan: ChunkPlan = {
    config: options.config,
    durationMs: options.durationMs,
    ranges,
    targetReadings: options.targetReadings ?? DEFAULT_TARGET_READINGS,
  };
  const started = performance.now();
  const summary = { stored: 0, quarantined: 0, events: 0, batches: 0 };
  const commit = async (chunk: SimulatedChunk) => {
    const result = await ingestor.ingestPrepared(chunk.batch, {
      source: 'simulator',
      profile: options.config.profile,
      events: chunk.events,
    });
    summary.stored += result.stored;
    summary.quarantined += result.quarantined;
    summary.events += result.events;
    summary.batches++;
    options.onProgress?.({
      untilMs: chunk.untilMs,
      fraction: (chunk.untilMs - options.config.start) / options.durationMs,
      stored: summary.stored,
      quarantined: summary.quarantined,
    });
  };
  const cancelled = options.workerUrl
    ? await runInWorker(options.workerUrl, plan, commit, options.signal)
    : await runInline(plan, commit, options.signal);
  const elapsedMs = performance.now() - started;
  return {
    ...summary,
    elapsedMs,
    readingsPerSecond: summary.stored / (elapsedMs / 1000),
    cancelled,
    threaded: options.workerUrl !== undefined,
  };
}

async function runInline(plan: ChunkPlan, commit: (c: SimulatedChunk) => Promise<void>, signal?: AbortSignal): Promise<boolean> {
  for (const chunk of simulateChunks(plan)) {
    if (signal?.aborted) return true;
    await commit(chunk);
  }
  return false;
}

function runInWorker(url: URL, plan: ChunkPlan, commit: (c: SimulatedChunk) => Promise<void>, signal?: AbortSignal): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    const worker = new Worker(url, { workerData: { plan, window: 2 } });
    let chain = Promise.resolve();
    let settled = false;
    const finish = (error: unknown, cancelled = false) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (error) reject(error);
      else resolve(cancelled);
    };
    const onAbort = () => {
      worker.postMessage({ type: 'stop' });
      chain = chain.then(() => finish(null, true));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: { type: 'chunk'; chunk: SimulatedChunk } | { type: 'done' } | { type: 'error'; message: string }) => {
      if (msg.type === 'chunk') {
        chain = chain
          .then(async () => {
            if (settled || signal?.aborted) return;
            await commit(msg.chunk);
            worker.postMessage({ type: 'ack' });
          })
          .catch((e: unknown) => finish(e));
      } else if (msg.type === 'done') {
        chain = chain.then(() => finish(null, signal?.aborted ?? false));
      } else {
        finish(new LabError('internal', `simulator failed: ${msg.message}`));
      }
    });
    worker.on('error', (e) => finish(new LabError('internal', `simulator worker crashed: ${e.message}`)));
    worker.on('exit', (code) => {
      if (code !== 0) chain = chain.then(() => finish(new LabError('internal', `simulator worker exited with code ${code}`)));
    });
  });
}
