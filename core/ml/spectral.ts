import FFT from 'fft.js';

/**
 * Spectral band energies of a window of a vibration-like sensor: how the window's variance splits
 * across four equal frequency bands from 0 to the Nyquist frequency. Bearing wear, imbalance and
 * looseness shift energy between bands long before the overall level (std, RMS) moves much.
 *
 * Welch's method: Hann-windowed segments of up to 1,024 samples with 50 % overlap, each with its own
 * mean removed, periodograms averaged; a window shorter than a segment is one zero-padded segment.
 * Scaled by the window's power so the four bands add up to the signal's variance (Parseval), which
 * keeps them comparable with `std` and across window lengths. Frequencies are in samples, not Hz:
 * band k of a window holds the k-th quarter of the spectrum whatever the sampling rate, so no rate
 * has to be known or constant (readings are assumed roughly evenly spaced, as sensors report).
 */
export const SPECTRAL_BANDS = ['band1', 'band2', 'band3', 'band4'] as const;

/** Fewer samples than this give no meaningful spectrum: the bands are missing (NaN). */
export const MIN_SPECTRAL_SAMPLES = 16;
const MAX_SEGMENT = 1024;

/** Sensors whose spectrum is worth features: vibration, acceleration, gyroscopes. */
export function isVibrationLike(sensor: string): boolean {
  return /vib|acc|gyro/i.test(sensor);
}

interface Plan {
  fft: FFT;
  input: number[];
  output: number[];
}

/** FFT plans and buffers per size, reused across windows (the hot path allocates nothing). */
export class SpectralScratch {
  private readonly plans = new Map<number, Plan>();
  readonly power = new Float64Array(MAX_SEGMENT / 2 + 1);

  plan(size: number): Plan {
    let plan = this.plans.get(size);
    if (!plan) {
      const fft = new FFT(size);
      plan = { fft, input: new Array<number>(size).fill(0), output: fft.createComplexArray() as number[] };
      this.plans.set(size, plan);
    }
    return plan;
  }
}

const shared = new SpectralScratch();

/** Writes SPECTRAL_BANDS.length band energies of values[0, n) to out[offset…]. */
export function bandEnergies(values: Float64Array, n: number, out: Float64Array, offset: number, scratch: SpectralScratch = shared): void {
  const bands = SPECTRAL_BANDS.length;
  if (n < MIN_SPECTRAL_SAMPLES) {
    out.fill(NaN, offset, offset + bands);
    return;
  }
  const length = Math.min(n, MAX_SEGMENT);
  let size = 2;
  while (size < length) size *= 2;
  const half = size / 2;
  const power = scratch.power;
  power.fill(0, 0, half + 1);
  const plan = scratch.plan(size);
  const hop = Math.max(1, length >> 1);
  let windowPower = 0;
  for (let start = 0; start + length <= n; start += hop) {
    windowPower += segmentPower(values, start, length, plan, power, half);
  }
  // Parseval: Σ|X_k|² = size · Σ(x·w)², and Σ(x·w)² / Σw² estimates the variance.
  const scale = 1 / (size * windowPower);
  for (let b = 0; b < bands; b++) {
    const lo = 1 + Math.floor((b * half) / bands);
    const hi = Math.floor(((b + 1) * half) / bands);
    let energy = 0;
    for (let k = lo; k <= hi; k++) energy += (k === half ? 1 : 2) * power[k]!;
    out[offset + b] = energy * scale;
  }
}

/** Adds one segment's |X_k|² (k = 0…half) to `power`; returns the segment window's Σw². */
function segmentPower(values: Float64Array, start: number, length: number, plan: Plan, power: Float64Array, half: number): number {
  let mean = 0;
  for (let i = 0; i < length; i++) mean += values[start + i]!;
  mean /= length;
  const { input, output, fft } = plan;
  let sumW2 = 0;
  for (let i = 0; i < length; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / length);
    sumW2 += w * w;
    input[i] = (values[start + i]! - mean) * w;
  }
  input.fill(0, length);
  fft.realTransform(output, input);
  for (let k = 0; k <= half; k++) {
    const re = output[2 * k]!;
    const im = output[2 * k + 1]!;
    power[k] = power[k]! + re * re + im * im;
  }
  return sumW2;
}
