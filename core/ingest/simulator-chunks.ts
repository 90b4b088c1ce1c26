import type { LabEvent } from '../model';
import { Simulator, type SimulatorConfig } from '../sim/simulator';
import { prepareBatch, type PreparedBatch } from './prepare';

/** One step of a backfill: a prepared batch, its ground-truth events, and how far time got. */
export interface SimulatedChunk {
  batch: PreparedBatch;
  events: LabEvent[];
  untilMs: number;
}

/** Sensor ranges as plain tuples so they can cross a worker boundary. */
export type RangeTuples = [name: string, min: number, max: number][];

export interface ChunkPlan {
  config: SimulatorConfig;
  durationMs: number;
  ranges: RangeTuples;
  /** Readings per batch to aim for: big enough to amortise a commit, small enough for memory. */
  targetReadings: number;
  /**
   * Grow batches (up to 4x `targetReadings`) until they hold this many 1 s rollup rows. DuckDB
   * writes a table's new rows straight into the file, compressed, only when one transaction
   * appends at least a row group (122,880 rows) to it; smaller appends go to the WAL and are
   * compressed again at the next checkpoint — for fast series the 1 s rollup is the small one.
   */
  minRollupRows?: number;
}

const MINUTE = 60_000;

/**
 * Generates a backfill as a sequence of prepared batches. Chunk edges sit on whole minutes of
 * absolute time, so no rollup bucket (1 s or 1 min) is split across two batches.
 */
export function* simulateChunks(plan: ChunkPlan): Generator<SimulatedChunk> {
  const simulator = new Simulator(plan.config);
  const ranges = new Map(plan.ranges.map(([name, min, max]) => [name, { min, max }]));
  const start = plan.config.start;
  const end = start + plan.durationMs;
  // Probe with the first partial minute, then size chunks from the observed reading rate.
  let until = Math.min(end, Math.floor(start / MINUTE) * MINUTE + MINUTE);
  let chunkMs = MINUTE;
  let at = start;
  while (at < end) {
    const { batch, events } = simulator.generate(until);
    const elapsed = until - at;
    const prepared = prepareBatch(batch, ranges, 'simulator');
    if (batch.length > 0 && elapsed > 0) chunkMs = chunkSpan(plan, batch.length / elapsed, prepared.rollup1s.length / elapsed);
    yield { batch: prepared, events, untilMs: until };
    at = until;
    until = Math.min(end, at + chunkMs);
  }
}

/** Whole minutes per chunk for `perMs` readings and `bucketsPerMs` 1 s rollup rows per ms. */
function chunkSpan(plan: ChunkPlan, perMs: number, bucketsPerMs: number): number {
  const minutes = (readings: number) => Math.floor(readings / perMs / MINUTE) * MINUTE;
  let span = minutes(plan.targetReadings);
  if (plan.minRollupRows && bucketsPerMs > 0) {
    span = Math.max(span, Math.min(Math.ceil(plan.minRollupRows / bucketsPerMs / MINUTE) * MINUTE, minutes(4 * plan.targetReadings)));
  }
  return Math.max(MINUTE, span);
}

/** Every ArrayBuffer inside a chunk, for a zero-copy postMessage. */
export function chunkTransferables(chunk: SimulatedChunk): ArrayBuffer[] {
  const b = chunk.batch;
  const arrays = [b.ts, b.machine, b.sensor, b.value, ...Object.values(b.rollup1s), ...Object.values(b.rollup1m)];
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (ArrayBuffer.isView(a)) buffers.add(a.buffer as ArrayBuffer);
  return [...buffers];
}
