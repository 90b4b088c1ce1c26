/**
 * The unit that moves on the hot path: columnar typed arrays, never per-reading objects.
 *
 * Machines and sensors are dictionary-encoded per batch: `machine[i]` indexes `machines`,
 * `sensor[i]` indexes `sensors`. The store maps these batch-local ids onto workspace ids, so a
 * source never needs to know what the workspace already holds.
 */
export interface ReadingBatch {
  /** Number of valid rows; the arrays may be longer (reused buffers). */
  length: number;
  /** Epoch milliseconds; fractional part carries microseconds. */
  ts: Float64Array;
  machine: Uint16Array;
  sensor: Uint16Array;
  value: Float64Array;
  machines: readonly string[];
  sensors: readonly string[];
}

/** Allocates an empty batch with room for `capacity` rows. */
export function allocateBatch(
  capacity: number,
  machines: readonly string[],
  sensors: readonly string[],
): ReadingBatch {
  return {
    length: 0,
    ts: new Float64Array(capacity),
    machine: new Uint16Array(capacity),
    sensor: new Uint16Array(capacity),
    value: new Float64Array(capacity),
    machines,
    sensors,
  };
}

/** A view of the first `length` rows, sharing memory with the batch. */
export function batchColumns(batch: ReadingBatch): {
  ts: Float64Array;
  machine: Uint16Array;
  sensor: Uint16Array;
  value: Float64Array;
} {
  const n = batch.length;
  return {
    ts: batch.ts.subarray(0, n),
    machine: batch.machine.subarray(0, n),
    sensor: batch.sensor.subarray(0, n),
    value: batch.value.subarray(0, n),
  };
}
