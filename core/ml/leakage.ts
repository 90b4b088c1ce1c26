import { rocAuc } from './metrics';
import type { Matrix, Task } from './types';

/**
 * Leakage check: a single feature that orders the label perfectly (ROC-AUC 1 or 0 for a class
 * label, |Pearson r| ≈ 1 for a numeric one) is almost always the label in disguise — a failure
 * sub-flag, a post-event measurement — and makes every metric meaningless. Warn, do not drop:
 * the user decides.
 */
const PERFECT = 0.999;

export function leakageWarnings(x: Matrix, y: Float64Array, task: Task): string[] {
  const warnings: string[] = [];
  x.columns.forEach((column, f) => {
    const name = x.names[f]!;
    if (task === 'classification') {
      const keep = Int32Array.from(column, (_, i) => i).filter((i) => !Number.isNaN(column[i]!));
      const auc = rocAuc(Float64Array.from(keep, (i) => y[i]!), Float64Array.from(keep, (i) => column[i]!));
      if (Number.isFinite(auc) && Math.max(auc, 1 - auc) >= PERFECT) {
        warnings.push(`feature "${name}" alone predicts the label perfectly (ROC-AUC ${Math.max(auc, 1 - auc).toFixed(3)}): likely leakage, consider --drop "${name}"`);
      }
    } else {
      const r = pearson(column, y);
      if (Math.abs(r) >= PERFECT) warnings.push(`feature "${name}" alone predicts the label (|r| = ${Math.abs(r).toFixed(4)}): likely leakage, consider --drop "${name}"`);
    }
  });
  return warnings;
}

function pearson(a: Float64Array, b: Float64Array): number {
  let n = 0, sa = 0, sb = 0;
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]!)) {
    n++;
    sa += a[i]!;
    sb += b[i]!;
  }
  const ma = sa / n, mb = sb / n;
  let cov = 0, va = 0, vb = 0;
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]!)) {
    cov += (a[i]! - ma) * (b[i]! - mb);
    va += (a[i]! - ma) ** 2;
    vb += (b[i]! - mb) ** 2;
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
}
