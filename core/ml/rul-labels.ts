/**
 * Remaining-useful-life labels: seconds from a window's end to its machine's next failure, capped
 * at `capMs` — beyond the cap a machine just counts as healthy, and a forest regressing on
 * unbounded times would spend itself on hours nobody acts on. A window with no failure within the
 * cap is labelled the cap only when its machine's data goes on at least that long after it (it is
 * known to survive that long); otherwise its remaining life is unknown (right-censored) and the
 * label is NaN: such windows are left out of training and testing.
 */
export function rulLabels(
  rows: { machineOf: Int32Array; end: Float64Array },
  failuresOf: readonly (readonly number[])[],
  capMs: number,
): Float64Array {
  const dataEnd = new Float64Array(failuresOf.length).fill(-Infinity);
  rows.machineOf.forEach((m, i) => (dataEnd[m] = Math.max(dataEnd[m]!, rows.end[i]!)));
  return Float64Array.from(rows.end, (end, i) => {
    const m = rows.machineOf[i]!;
    const next = (failuresOf[m] ?? []).find((f) => f >= end);
    if (next !== undefined && next - end < capMs) return (next - end) / 1000;
    return dataEnd[m]! - end >= capMs || next !== undefined ? capMs / 1000 : NaN;
  });
}
