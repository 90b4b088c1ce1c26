/** A straight line fitted to points: y = intercept + slope · x. */
export interface LineFit {
  slope: number;
  intercept: number;
  /** Number of points used. */
  n: number;
}

/**
 * Ordinary least squares over the first `n` points of `xs`/`ys` (typed arrays or plain ones).
 * Fewer than two points, or all at one x, have no slope: NaN.
 * Centred sums (x − mean x) keep epoch-sized or byte-sized values exact enough.
 */
export function leastSquares(xs: ArrayLike<number>, ys: ArrayLike<number>, n = Math.min(xs.length, ys.length)): LineFit {
  if (n < 2) return { slope: NaN, intercept: NaN, n };
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i]!;
    sy += ys[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    sxx += dx * dx;
    sxy += dx * (ys[i]! - my);
  }
  if (sxx === 0) return { slope: NaN, intercept: NaN, n };
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, n };
}
