import type { LabEvent, ReadingBatch } from '../model';
import type { GenerateResult } from './simulator';

/** One (machine, sensor) series gathered across batches. */
export interface Series {
  ts: Float64Array;
  value: Float64Array;
}

/**
 * Regroups the rows of several batches into per-(machine, sensor) series in call order. Chunked
 * and single-call runs lay rows out differently (per call), so this is what must be identical.
 */
export function collectSeries(batches: readonly ReadingBatch[]): Map<string, Series> {
  const parts = new Map<string, { ts: number[]; value: number[] }>();
  for (const b of batches) {
    for (let i = 0; i < b.length; i++) {
      const key = `${b.machines[b.machine[i]!]}/${b.sensors[b.sensor[i]!]}`;
      let p = parts.get(key);
      if (!p) parts.set(key, (p = { ts: [], value: [] }));
      p.ts.push(b.ts[i]!);
      p.value.push(b.value[i]!);
    }
  }
  const out = new Map<string, Series>();
  for (const [key, p] of parts) out.set(key, { ts: Float64Array.from(p.ts), value: Float64Array.from(p.value) });
  return out;
}

/** Exact equality of the bits, so -0/+0 or last-ulp differences would fail. */
export function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

export function allEvents(results: readonly GenerateResult[]): LabEvent[] {
  return results.flatMap((r) => r.events);
}

/** A series, or a test failure naming what is missing. */
export function series(map: Map<string, Series>, machine: string, sensor: string): Series {
  const s = map.get(`${machine}/${sensor}`);
  if (!s) throw new Error(`no series ${machine}/${sensor}`);
  return s;
}

export function mean(values: ArrayLike<number>, from = 0, to = values.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i]!;
  return sum / (to - from);
}
