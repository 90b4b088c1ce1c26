import { describe, expect, it } from 'vitest';
import { Random } from '../sim';
import { bandEnergies, isVibrationLike, MIN_SPECTRAL_SAMPLES, SPECTRAL_BANDS } from './spectral';

const bands = (values: Float64Array) => {
  const out = new Float64Array(SPECTRAL_BANDS.length);
  bandEnergies(values, values.length, out, 0);
  return Array.from(out);
};

function variance(values: Float64Array): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((a, x) => a + (x - mean) ** 2, 0) / values.length;
}

/** A sine of `amplitude` at `cycles` periods per `period` samples, on an offset. */
function sine(n: number, frequency: number, amplitude: number, offset = 0): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => offset + amplitude * Math.sin(2 * Math.PI * frequency * i));
}

describe('spectral band energies', () => {
  it('put a tone in the band of its frequency, with the tone’s power (A²/2)', () => {
    // Frequencies in cycles per sample: Nyquist is 0.5, so band k spans (k−1)/8 … k/8.
    for (const [frequency, band] of [[0.03, 0], [0.19, 1], [0.31, 2], [0.44, 3]] as const) {
      for (const n of [100, 600, 5000]) {
        const e = bands(sine(n, frequency, 2, 60));
        const total = e.reduce((a, b) => a + b, 0);
        expect(e[band]! / total, `f=${frequency} n=${n}`).toBeGreaterThan(0.97);
        expect(total, `f=${frequency} n=${n}`).toBeCloseTo(2, 0);
      }
    }
  });

  it('add up to the variance of white noise and split it evenly', () => {
    const rng = Random.stream(7, 0, 'spectral');
    const noise = Float64Array.from({ length: 20_000 }, () => 5 + rng.normal(0, 0.5));
    const e = bands(noise);
    const total = e.reduce((a, b) => a + b, 0);
    expect(total / variance(noise)).toBeGreaterThan(0.95);
    expect(total / variance(noise)).toBeLessThan(1.05);
    for (const x of e) expect(x / total).toBeCloseTo(0.25, 1);
  });

  it('see a growing high-frequency component that barely moves the overall level', () => {
    const rng = Random.stream(8, 0, 'spectral');
    const healthy = Float64Array.from({ length: 600 }, (_, i) => Math.sin(2 * Math.PI * 0.02 * i) + rng.normal(0, 0.05));
    const worn = Float64Array.from(healthy, (x, i) => x + 0.3 * Math.sin(2 * Math.PI * 0.4 * i));
    expect(variance(worn) / variance(healthy)).toBeLessThan(1.1);
    expect(bands(worn)[3]! / bands(healthy)[3]!).toBeGreaterThan(20);
  });

  it('are missing on too few samples and zero on a constant signal, never NaN or negative otherwise', () => {
    expect(bands(new Float64Array(MIN_SPECTRAL_SAMPLES - 1)).every(Number.isNaN)).toBe(true);
    expect(bands(new Float64Array(MIN_SPECTRAL_SAMPLES).fill(3))).toEqual([0, 0, 0, 0]);
    const rng = Random.stream(9, 0, 'spectral');
    for (const n of [16, 17, 31, 1023, 1024, 1025, 3000]) {
      const e = bands(Float64Array.from({ length: n }, () => rng.uniform(-1e6, 1e6)));
      for (const x of e) expect(x >= 0 && Number.isFinite(x), `n=${n}`).toBe(true);
    }
  });

  it('writes at the offset and only there', () => {
    const out = new Float64Array(8).fill(-1);
    bandEnergies(sine(64, 0.1, 1), 64, out, 2);
    expect(out[0]).toBe(-1);
    expect(out[1]).toBe(-1);
    expect(out[6]).toBe(-1);
    expect(out.slice(2, 6).every((x) => x >= 0)).toBe(true);
  });

  it('are computed for vibration-like sensors only', () => {
    for (const s of ['vibration', 'Vibration X', 'accelerometer.x', 'gyroscope.z', 'acc_rms']) expect(isVibrationLike(s), s).toBe(true);
    for (const s of ['temperature', 'rpm', 'Sensor 1', 'voltage']) expect(isVibrationLike(s), s).toBe(false);
  });
});
