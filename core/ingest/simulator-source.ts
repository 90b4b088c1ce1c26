import { Worker } from 'node:worker_threads';
import { LabError } from '../model';
import { Simulator, type SimulatorConfig } from '../sim/simulator';
import { LANES } from '../store/workspace';
import type { Ingestor } from './ingestor';
import { runTally, type RunProgress } from './run-tally';
import { simulateChunks, type ChunkPlan, type SimulatedChunk } from './simulator-chunks';

export type BackfillProgress = RunProgress;

export interface BackfillOptions {
  config: SimulatorConfig;
  durationMs: number;
  targetReadings?: number;
  signal?: AbortSignal | undefined;
  onProgress?: (progress: BackfillProgress) => void;
  /** The built simulator-worker.js; without it generation runs inline on this thread. */
  workerUrl?: URL | undefined;
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
/** A row group and a quarter: see `ChunkPlan.minRollupRows`. */
const MIN_ROLLUP_ROWS = 153_600;

/** Accepts chunks for commit while at most one per lane is in flight. */
type Submit = (chunk: SimulatedChunk) => Promise<{ committed: Promise<void> }>;

/**
 * Backfills a simulated history as fast as possible. Generation and preparation (validation,
 * ordering, rollups) run in a worker; this thread appends, alternating connection lanes so that
 * one batch appends while the previous one commits. One transaction per batch: cancelling or a
 * failure keeps the batches already committed, never part of one.
 */
export async function backfill(ingestor: Ingestor, options: BackfillOptions): Promise<BackfillSummary> {
  const simulator = new Simulator(options.config); // validates the configuration up front
  await ingestor.defineSensors(simulator.sensors());
  const plan: ChunkPlan = {
    config: options.config,
    durationMs: options.durationMs,
    ranges: ingestor.catalog.sensors().map((s) => [s.name, s.min, s.max]),
    targetReadings: options.targetReadings ?? DEFAULT_TARGET_READINGS,
    minRollupRows: MIN_ROLLUP_ROWS,
  };
  const started = performance.now();
  const tally = runTally(options.config.start, options.durationMs, options.onProgress);
  const inflight = new Set<Promise<void>>();
  let lane = 0;
  const commit = async (chunk: SimulatedChunk, onLane: number) => {
    const meta = { source: 'simulator', profile: options.config.profile, events: chunk.events };
    tally.add(await ingestor.ingestPrepared(chunk.batch, meta, onLane), chunk.untilMs);
  };
  const submit: Submit = async (chunk) => {
    while (inflight.size >= LANES) await Promise.race(inflight);
    const pending: Promise<void> = commit(chunk, lane++ % LANES).finally(() => inflight.delete(pending));
    inflight.add(pending);
    return { committed: pending }; // wrapped: awaiting would otherwise wait for the commit itself
  };
  let cancelled: boolean;
  try {
    cancelled = options.workerUrl
      ? await runInWorker(options.workerUrl, plan, submit, options.signal)
      : await runInline(plan, submit, options.signal);
  } finally {
    await Promise.allSettled(inflight);
  }
  await Promise.all(inflight); // surfaces a commit failure that no later submit saw
  const elapsedMs = performance.now() - started;
  return { ...tally.totals, elapsedMs, readingsPerSecond: tally.totals.stored / (elapsedMs / 1000), cancelled, threaded: options.workerUrl !== undefined };
}

async function runInline(plan: ChunkPlan, submit: Submit, signal?: AbortSignal): Promise<boolean> {
  const pending: Promise<void>[] = [];
  for (const chunk of simulateChunks(plan)) {
    if (signal?.aborted) break;
    pending.push((await submit(chunk)).committed);
  }
  await Promise.all(pending);
  return signal?.aborted ?? false;
}

type WorkerMessage = { type: 'chunk'; chunk: SimulatedChunk } | { type: 'done' } | { type: 'error'; message: string };

function runInWorker(url: URL, plan: ChunkPlan, submit: Submit, signal?: AbortSignal): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    const worker = new Worker(url, { workerData: { plan, window: LANES + 1 } });
    const committed: Promise<void>[] = [];
    let chain = Promise.resolve();
    let settled = false;
    const finish = (error: unknown, cancelled = false) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(cancelled);
    };
    const drainThenFinish = () => {
      chain = chain.then(() => Promise.all(committed)).then(() => finish(null, signal?.aborted ?? false), (e: unknown) => finish(e));
    };
    const onAbort = () => {
      worker.postMessage({ type: 'stop' });
      drainThenFinish();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'chunk') {
        chain = chain
          .then(async () => {
            if (settled || signal?.aborted) return;
            const { committed: done } = await submit(msg.chunk);
            committed.push(done);
            // A failed commit ends the run now: the worker, waiting for this ack, would wait forever.
            done.then(() => worker.postMessage({ type: 'ack' }), (e: unknown) => finish(e));
          })
          .catch((e: unknown) => finish(e));
      } else if (msg.type === 'done') {
        drainThenFinish();
      } else {
        finish(new LabError('internal', `simulator failed: ${msg.message}`));
      }
    });
    worker.on('error', (e) => finish(new LabError('internal', `simulator worker crashed: ${e.message}`)));
    worker.on('exit', (code) => {
      if (code !== 0 && !settled) chain = chain.then(() => finish(new LabError('internal', `simulator worker exited with code ${code}`)));
    });
  });
}
