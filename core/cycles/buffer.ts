/**
 * The recent samples an online detector still needs (an open cycle, context before it, look-ahead
 * after it), addressed by absolute stream index: element k of `ts`/`values` is index `origin + k`.
 * Dropping old samples only moves a head pointer; the live part is moved down when the dead part
 * outgrows it, so appending small chunks to a long open cycle stays linear in total.
 */
export class SampleBuffer {
  ts = new Float64Array(0);
  values = new Float64Array(0);
  /** Absolute index of element 0 of the arrays. */
  origin = 0;
  private head = 0;
  private tail = 0;

  /** Number of live samples. */
  get length(): number {
    return this.tail - this.head;
  }

  /** Absolute index of the first live sample. */
  get first(): number {
    return this.origin + this.head;
  }

  append(ts: Float64Array, values: Float64Array): void {
    this.reserve(ts.length);
    this.ts.set(ts, this.tail);
    this.values.set(values, this.tail);
    this.tail += ts.length;
  }

  /** Forgets every sample before absolute index `from`. */
  discardBefore(from: number): void {
    const k = Math.min(this.tail, from - this.origin);
    if (k <= this.head) return;
    this.head = k;
    if (this.head === this.tail) this.clear();
  }

  /** Keeps samples [from, …) of a chunk that was processed in place (its element 0 is index `chunkOrigin`). */
  keepTail(ts: Float64Array, values: Float64Array, chunkOrigin: number, from: number): void {
    const k = Math.max(0, from - chunkOrigin);
    this.clear();
    this.origin = chunkOrigin + k;
    if (k < ts.length) this.append(ts.subarray(k), values.subarray(k));
  }

  clear(): void {
    this.origin += this.tail;
    this.head = 0;
    this.tail = 0;
  }

  private reserve(extra: number): void {
    const live = this.tail - this.head;
    if (this.tail + extra <= this.ts.length) return;
    if (this.head > 0 && live + extra <= this.ts.length && this.head >= live) {
      this.compact();
      return;
    }
    const capacity = Math.max(1024, 2 * (live + extra));
    const ts = new Float64Array(capacity);
    const values = new Float64Array(capacity);
    ts.set(this.ts.subarray(this.head, this.tail));
    values.set(this.values.subarray(this.head, this.tail));
    this.ts = ts;
    this.values = values;
    this.origin += this.head;
    this.tail = live;
    this.head = 0;
  }

  private compact(): void {
    this.ts.copyWithin(0, this.head, this.tail);
    this.values.copyWithin(0, this.head, this.tail);
    this.origin += this.head;
    this.tail -= this.head;
    this.head = 0;
  }
}
