/**
 * M4 decimation of an in-memory, time-ordered series to at most `maxPoints` points: per bucket
 * the first, min, max and last sample, in time order. A line drawn through the result matches
 * the raw line at ≥ maxPoints/4 pixels wide.
 */
export function decimateM4(ts: ArrayLike<number>, values: ArrayLike<number>, maxPoints: number): { ts: number[]; values: number[] } {
  const n = ts.length;
  if (n <= maxPoints) return { ts: Array.from(ts), values: Array.from(values) };
  const buckets = Math.max(1, Math.floor(maxPoints / 4));
  const t0 = ts[0]!;
  const span = ts[n - 1]! - t0 || 1;
  const outTs: number[] = [];
  const outValues: number[] = [];
  let i = 0;
  for (let b = 0; b < buckets && i < n; b++) {
    const end = b === buckets - 1 ? Infinity : t0 + ((b + 1) * span) / buckets;
    const first = i;
    let lo = i;
    let hi = i;
    while (i < n && ts[i]! < end) {
      if (values[i]! < values[lo]!) lo = i;
      if (values[i]! > values[hi]!) hi = i;
      i++;
    }
    const last = i - 1;
    if (last < first) continue;
    // Emit the (up to) four distinct indices in time order.
    const picks = [...new Set([first, lo, hi, last])].sort((a, b) => a - b);
    for (const k of picks) {
      outTs.push(ts[k]!);
      outValues.push(values[k]!);
    }
  }
  return { ts: outTs, values: outValues };
}
