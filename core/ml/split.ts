import { Rng } from './random';
import type { Dataset, Matrix, Task } from './types';

/**
 * Splits without leakage for tables: stratified (each part keeps the class ratio) held-out split
 * and k-fold for classification, plain shuffled ones for regression; all seeded.
 */
function groups(y: Float64Array, task: Task): number[][] {
  if (task === 'regression') return [Array.from(y, (_, i) => i)];
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i]! > 0.5 ? pos : neg).push(i);
  return [pos, neg];
}

/** Fold number (0..k−1) of every row; each class is dealt round-robin after a shuffle. */
export function foldOf(y: Float64Array, task: Task, k: number, seed: number): Int32Array {
  const rng = new Rng(seed, 1_000_003);
  const fold = new Int32Array(y.length);
  let offset = 0;
  for (const g of groups(y, task)) {
    const idx = rng.shuffle(Int32Array.from(g));
    idx.forEach((row, n) => (fold[row] = (n + offset) % k));
    offset += idx.length;
  }
  return fold;
}

/** Held-out split: ⌊fraction·n_c⌉ rows of each class to test. */
export function holdOut(y: Float64Array, task: Task, fraction: number, seed: number): { train: Int32Array; test: Int32Array } {
  const rng = new Rng(seed, 1_000_033);
  const train: number[] = [];
  const test: number[] = [];
  for (const g of groups(y, task)) {
    const idx = rng.shuffle(Int32Array.from(g));
    const cut = Math.round(idx.length * fraction);
    idx.forEach((row, n) => (n < cut ? test : train).push(row));
  }
  return { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
}

export function takeRows(x: Matrix, rows: Int32Array): Matrix {
  return { names: x.names, rows: rows.length, columns: x.columns.map((c) => Float64Array.from(rows, (i) => c[i]!)) };
}

export function takeY(y: Float64Array, rows: Int32Array): Float64Array {
  return Float64Array.from(rows, (i) => y[i]!);
}

export function subset(d: Dataset, rows: Int32Array): { x: Matrix; y: Float64Array } {
  return { x: takeRows(d, rows), y: takeY(d.y, rows) };
}
