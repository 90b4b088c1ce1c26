/**
 * A fixed-capacity ring of (time, value) points: the live chart's memory. Pushing past capacity
 * overwrites the oldest points, so a series can stream forever in bounded memory.
 */
export class SeriesRing {
  private readonly ts: Float64Array;
  private readonly values: Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.ts = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(ts: readonly number[], values: readonly number[]): void {
    for (let i = 0; i < ts.length; i++) {
      const at = (this.start + this.count) % this.capacity;
      this.ts[at] = ts[i]!;
      this.values[at] = values[i]!;
      if (this.count < this.capacity) this.count++;
      else this.start = (this.start + 1) % this.capacity;
    }
  }

  last(): { ts: number; value: number } | null {
    if (this.count === 0) return null;
    const at = (this.start + this.count - 1) % this.capacity;
    return { ts: this.ts[at]!, value: this.values[at]! };
  }

  /** Points with ts ≥ from, oldest first, as fresh arrays for a chart. */
  since(from: number): { ts: number[]; values: number[] } {
    const ts: number[] = [];
    const values: number[] = [];
    for (let k = 0; k < this.count; k++) {
      const at = (this.start + k) % this.capacity;
      if (this.ts[at]! < from) continue;
      ts.push(this.ts[at]!);
      values.push(this.values[at]!);
    }
    return { ts, values };
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
  }
}
