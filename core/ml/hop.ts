/**
 * Hopping windows: a window every `hop`, each `window` wide. A reading then sits in ⌈window/hop⌉
 * windows, so the hop is bounded below to keep a dataset at most this many times its tumbling size.
 */
export const MAX_WINDOWS_PER_READING = 60;

/** Why a hop does not fit its window, or null when it does. */
export function hopProblem(windowMs: number, hopMs: number): string | null {
  if (!(hopMs > 0) || !Number.isFinite(hopMs)) return 'the hop must be a positive duration';
  if (hopMs > windowMs) return 'the hop must not be longer than the window (gaps would skip readings)';
  if (windowMs / hopMs > MAX_WINDOWS_PER_READING) return `the hop must be at least 1/${MAX_WINDOWS_PER_READING} of the window`;
  return null;
}
