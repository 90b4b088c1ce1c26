import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One benchmark figure, measured against a reference taken in the same run. */
export interface BenchResult {
  case: string;
  value: number;
  unit: string;
  reference: number;
  /** How the value compares with the reference; > 1 is better for both kinds of case. */
  ratio: number;
  target: string;
  pass: boolean;
  details: Record<string, unknown>;
}

export interface BenchContext {
  quick: boolean;
  /** A scratch directory, removed after the case. */
  dir: string;
  workerUrl?: URL;
  log: (line: string) => void;
}

export interface BenchCase {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchResult[]>;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times;
}

export async function withScratchDir<T>(parent: string | undefined, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(parent ?? tmpdir(), 'servolab-bench-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const round = (x: number, digits = 3) => Number(x.toPrecision(digits + 2));
