import { describe, expect, it } from 'vitest';
import { servolab } from './support/cli';

interface SoakJson {
  rate: number;
  achievedRate: number;
  machines: number;
  profile: string;
  samples: { t: number; rss: number; heapUsed: number; external: number; arrayBuffers: number; readings: number; duckdb: number }[];
  slopeMbPerMin: number | null;
  slopeMbPer10Min: number | null;
  growthMb: number | null;
  referenceRssMb: number | null;
  pass: boolean;
  cancelled: boolean;
  live: { model: string | null; frames: number; errors: number };
}

describe('servolab soak (built)', () => {
  it('runs the live path for 5 s at 2,000 readings/s and prints the series, the slope and the verdict as one JSON document', async () => {
    const r = await servolab('soak', '--duration', '5s', '--rate', '2000', '--sample', '1s', '--warmup', '1s', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as SoakJson;
    expect(out).toMatchObject({ rate: 2000, profile: 'press', machines: 200, cancelled: false, live: { model: 'soak@1', errors: 0 } });
    expect(out.samples).toHaveLength(6);
    expect(out.samples.map((s) => Math.round(s.t))).toEqual([0, 1, 2, 3, 4, 5]);
    for (const s of out.samples) {
      expect(Object.keys(s).sort()).toEqual(['arrayBuffers', 'duckdb', 'external', 'heapUsed', 'readings', 'rss', 't']);
      expect(s.rss).toBeGreaterThan(s.heapUsed);
    }
    expect(out.samples.at(-1)!.readings).toBeGreaterThan(out.samples[1]!.readings);
    expect(out.achievedRate).toBeGreaterThan(1000);
    expect(out.achievedRate).toBeLessThan(3000);
    expect(out.live.frames).toBeGreaterThan(0);
    expect(typeof out.slopeMbPer10Min).toBe('number');
    expect(out.slopeMbPer10Min).toBeCloseTo(out.slopeMbPerMin! * 10, 1);
    expect(typeof out.growthMb).toBe('number');
    expect(typeof out.pass).toBe('boolean');
  }, 90_000);

  it('rejects bad options with a one-line usage error and exit code 2', async () => {
    for (const args of [
      ['--duration', '5s'],
      ['--duration', '5s', '--rate', 'fast'],
      ['--duration', '5s', '--rate', '100', '--warmup', '5s'],
      ['--duration', '5s', '--rate', '100', '--sample', '10ms'],
      ['--duration', '5s', '--rate', '100', '--speed', '2'],
    ]) {
      const r = await servolab('soak', ...args, '--json');
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toMatch(/^servolab soak: error: /);
      expect(r.stderr).toMatch(/usage: servolab soak --duration DUR --rate R/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
