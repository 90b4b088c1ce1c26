/**
 * Prediction drift: the Jensen–Shannon divergence between the live model's score distribution and
 * the one it had on its held-out data at training time. Scores are P(failure) in [0, 1], binned in
 * SCORE_BINS equal bins; JSD uses log base 2, so it lies in [0, 1] (0 = same distribution, 1 =
 * disjoint). Symmetric and finite even where one histogram has empty bins (unlike KL), which is
 * why it is used here.
 */
export const SCORE_BINS = 20;

/** Counts of scores per bin of [0, 1] (a score of exactly 1 goes in the last bin; NaN is skipped). */
export function scoreHistogram(scores: ArrayLike<number>, bins = SCORE_BINS): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (!Number.isFinite(s)) continue;
    counts[Math.min(bins - 1, Math.max(0, Math.floor(s * bins)))]!++;
  }
  return counts;
}

/** Jensen–Shannon divergence (base 2) of two histograms over the same bins; NaN if either is empty. */
export function jensenShannon(p: readonly number[], q: readonly number[]): number {
  if (p.length !== q.length) throw new Error(`histograms differ in bins (${p.length} vs ${q.length})`);
  const sp = p.reduce((a, b) => a + b, 0);
  const sq = q.reduce((a, b) => a + b, 0);
  if (!(sp > 0 && sq > 0)) return NaN;
  let d = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]! / sp;
    const b = q[i]! / sq;
    const m = (a + b) / 2;
    if (a > 0) d += 0.5 * a * Math.log2(a / m);
    if (b > 0) d += 0.5 * b * Math.log2(b / m);
  }
  return Math.min(1, Math.max(0, d));
}

export interface DriftCheck {
  divergence: number;
  threshold: number;
  drifted: boolean;
  liveScores: number;
}

/**
 * Live side of the check: a running histogram of live scores, compared with the training one once
 * `minScores` scores are in (fewer would make any distribution look drifted).
 */
export class DriftMonitor {
  private readonly live: number[];
  private n = 0;

  constructor(
    private readonly reference: readonly number[],
    private readonly threshold = 0.2,
    private readonly minScores = 50,
  ) {
    this.live = new Array<number>(reference.length).fill(0);
  }

  add(score: number): void {
    if (!Number.isFinite(score)) return;
    const bins = this.live.length;
    this.live[Math.min(bins - 1, Math.max(0, Math.floor(score * bins)))]!++;
    this.n++;
  }

  /** The current divergence, or null before `minScores` live scores. */
  check(): DriftCheck | null {
    if (this.n < this.minScores) return null;
    const divergence = jensenShannon(this.reference, this.live);
    return { divergence, threshold: this.threshold, drifted: divergence > this.threshold, liveScores: this.n };
  }
}
