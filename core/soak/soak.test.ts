import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../store/workspace';
import { runSoak, type SoakSample } from './soak';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('runSoak', () => {
  it('runs the live path at the asked rate, samples memory and readings, fits the trend and stops cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'servolab-soak-test-'));
    const db = join(dir, 'soak.duckdb');
    const seen: SoakSample[] = [];
    const lines: string[] = [];
    const timersBefore = timers();
    const r = await runSoak({ db, durationMs: 4000, rate: 1000, sampleEveryMs: 500, warmupMs: 1000, onSample: (s) => seen.push(s), onStatus: (l) => lines.push(l) });

    expect(r).toMatchObject({ profile: 'press', machines: 100, speed: 1, plannedRate: 1000, rate: 1000, cancelled: false, warmupMs: 1000, sampleEveryMs: 500 });
    // One sample at the start, one per interval, the last at the duration.
    expect(r.samples).toHaveLength(9);
    expect(seen).toEqual(r.samples);
    expect(r.samples[0]!.t).toBeLessThan(0.1);
    expect(r.samples.at(-1)!.t).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < r.samples.length; i++) {
      expect(r.samples[i]!.t).toBeGreaterThan(r.samples[i - 1]!.t);
      expect(r.samples[i]!.readings).toBeGreaterThanOrEqual(r.samples[i - 1]!.readings);
    }
    for (const s of r.samples) {
      expect(s.rss).toBeGreaterThan(s.heapUsed);
      expect(s.rss).toBeGreaterThan(s.duckdb);
      expect(s.duckdb).toBeGreaterThan(0);
    }
    expect(typeof r.duckdbSlopeMbPer10Min).toBe('number');
    expect(r.readings).toBe(r.samples.at(-1)!.readings);
    expect(r.readings).toBeGreaterThan(2000);
    expect(r.achievedRate).toBeGreaterThan(500);
    expect(r.achievedRate).toBeLessThan(1500);
    // The trend is the samples' own least squares after the warm-up.
    expect(r.referenceRssMb).toBeCloseTo(r.samples.find((s) => s.t >= 1)!.rss / 1048576, 2);
    expect(r.slopeMbPer10Min).toBeCloseTo(r.slopeMbPerMin! * 10, 1);
    expect(r.growthMb).toBeCloseTo(r.samples.at(-1)!.rss / 1048576 - r.referenceRssMb!, 2);
    expect(r.pass).toBe(r.slopeMbPer10Min! < 50 && r.achievedRateAfterWarmup! >= 900 && r.live.errors === 0);
    // The live feed reached the UI-like session; a live model was trained and promoted.
    expect(r.live.model).toBe('soak@1');
    expect(r.live.frames).toBeGreaterThan(10);
    expect(r.live.points).toBeGreaterThan(0);
    expect(r.live.errors).toBe(0);
    expect(lines.some((l) => l.startsWith('model: soak@1'))).toBe(true);

    // Stopped cleanly: no timer left running, and the workspace is closed (another open succeeds).
    expect(timers()).toBeLessThanOrEqual(timersBefore);
    const ws = await Workspace.open(db, { create: false });
    try {
      const [row] = await ws.rows<{ n: bigint }>(`SELECT count(*) AS n FROM readings WHERE ts >= to_timestamp(${Date.now() / 1000 - 60})`);
      expect(Number(row!.n)).toBeGreaterThanOrEqual(r.readings);
    } finally {
      ws.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('stops early on abort with the samples so far, and removes its temp workspace', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((f) => f.startsWith('servolab-soak-')));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1500);
    const started = performance.now();
    const r = await runSoak({ durationMs: 60_000, rate: 500, sampleEveryMs: 500, warmupMs: 500, model: false, signal: controller.signal });
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(r.cancelled).toBe(true);
    expect(r.live.model).toBeNull();
    expect(r.samples.length).toBeGreaterThanOrEqual(3);
    expect(r.samples.length).toBeLessThan(10);
    expect(r.readings).toBeGreaterThan(0);
    const after = readdirSync(tmpdir()).filter((f) => f.startsWith('servolab-soak-') && !before.has(f));
    expect(after).toEqual([]);
  }, 60_000);

  it('refuses an existing workspace and options it cannot honour, before opening anything', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'servolab-soak-test-')), 'taken.duckdb');
    writeFileSync(file, 'x');
    await expect(runSoak({ db: file, durationMs: 1000, rate: 100 })).rejects.toThrow(/needs a new workspace/);
    await expect(runSoak({ durationMs: 1000, rate: 100, warmupMs: 1000 })).rejects.toThrow(/warm-up must be shorter/);
    await expect(runSoak({ durationMs: 1000, rate: 100, sampleEveryMs: 10 })).rejects.toThrow(/at least 100 ms/);
    await expect(runSoak({ durationMs: 86_400_000 * 7, rate: 100, sampleEveryMs: 100 })).rejects.toThrow(/samples \(at most 100000\)/);
    await expect(runSoak({ durationMs: 1000, rate: 0 })).rejects.toThrow(/rate must be from/);
    expect(existsSync(file)).toBe(true);
    rmSync(dirname(file), { recursive: true, force: true });
  });
});
