export interface Histogram {
  /** Left edges of the bins, then the right edge of the last: bins + 1 values. */
  edges: number[];
  counts: number[];
}

/**
 * Equal-width bins over the finite values. The bin count follows the Freedman–Diaconis rule
 * (robust to a few very long cycles), bounded to [1, maxBins]; one distinct value is one bin.
 */
export function histogram(values: readonly (number | null)[], maxBins = 60): Histogram {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return { edges: [], counts: [] };
  const min = xs[0]!;
  const max = xs[xs.length - 1]!;
  if (max === min) return { edges: [min - 0.5, min + 0.5], counts: [xs.length] };
  const iqr = xs[Math.floor(xs.length * 0.75)]! - xs[Math.floor(xs.length * 0.25)]!;
  const fd = iqr > 0 ? Math.ceil((max - min) / (2 * iqr * Math.cbrt(1 / xs.length))) : Math.ceil(Math.sqrt(xs.length));
  const bins = Math.max(1, Math.min(maxBins, fd));
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const x of xs) counts[Math.min(bins - 1, Math.floor((x - min) / width))]!++;
  const edges = Array.from({ length: bins + 1 }, (_, i) => min + i * width);
  edges[bins] = max;
  return { edges, counts };
}
