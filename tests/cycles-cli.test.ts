import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pressTruth, scoreCycles } from '../core/cycles';
import { Simulator } from '../core/sim';
import { servolab } from './support/cli';
import { expectOneLineError } from './support/expect-cli';


const START = '2026-03-01T00:00:00Z';
const SEED = 21;

interface JsonCycle {
  start: string;
  end: string;
  duration_s: number;
  max_point: number;
  median: number;
  root_mean_squared: number;
}

describe('servolab cycles (built)', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'servolab-cycles-')), 'w.duckdb');

  beforeAll(async () => {
    const sim = await servolab('simulate', '--db', db, '--profile', 'press', '--machines', '2', '--duration', '40m', '--seed', String(SEED), '--start', START);
    expect(sim.code).toBe(0);
  });

  it('finds the simulated load cycles of every machine, with all metrics', async () => {
    const r = await servolab('cycles', '--db', db, '--sensor', 'voltage', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { detector: string; machines: { machine: string; cycles: JsonCycle[]; summary: { count: number } }[] };
    expect(out.detector).toBe('auto(min_gap=1s, min_duration=1s)');
    expect(out.machines.map((m) => m.machine)).toEqual(['M-001', 'M-002']);
    // The same simulation in process gives the ground truth.
    const start = Date.parse(START);
    const { events } = new Simulator({ profile: 'press', machines: 2, seed: SEED, start, faults: 'none' }).generate(start + 40 * 60_000);
    for (const m of out.machines) {
      expect(m.summary.count).toBe(m.cycles.length);
      const detected = m.cycles.map((c) => ({ start: Date.parse(c.start), end: Date.parse(c.end) }));
      const score = scoreCycles(pressTruth(events, m.machine, 100), detected, 100, start, start + 39 * 60_000);
      expect(score.truth).toBeGreaterThan(20);
      expect(score.foundPct).toBe(100);
      expect(score.falsePct).toBe(0);
      expect(score.maxStartError).toBeLessThanOrEqual(2);
      expect(score.maxEndError).toBeLessThanOrEqual(2);
      for (const c of m.cycles) {
        expect(c.max_point).toBeGreaterThanOrEqual(c.median);
        expect(c.root_mean_squared).toBeGreaterThan(0);
        expect(c.start).toMatch(/^2026-03-01T\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
    }
  });

  it('saves in one go, and saving the same detection again replaces instead of adding', async () => {
    const first = JSON.parse((await servolab('cycles', '--db', db, '--sensor', 'voltage', '--save', '--json')).stdout);
    const total = first.machines.reduce((n: number, m: { cycles: unknown[] }) => n + m.cycles.length, 0);
    expect(first.saved).toEqual({ replaced: 0, inserted: total });
    const again = JSON.parse((await servolab('cycles', '--db', db, '--sensor', 'voltage', '--save', '--json')).stdout);
    expect(again.saved).toEqual({ replaced: total, inserted: total });
    const text = await servolab('cycles', '--db', db, '--sensor', 'voltage', '--machine', 'M-002', '--save');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/saved \d+ cycles \(replaced \d+\)/);
    expect(text.stdout).toContain('voltage cycles by auto(min_gap=1s, min_duration=1s)');
  });

  it('cuts with a fixed threshold over a time window', async () => {
    const from = '2026-03-01T00:10:00Z';
    const to = '2026-03-01T00:30:00Z';
    const r = await servolab('cycles', '--db', db, '--sensor', 'voltage', '--machine', 'M-001', '--threshold', '6', '--min-gap', '2s', '--from', from, '--to', to, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.detector).toBe('fixed(threshold=6, min_gap=2s, min_duration=0s)');
    expect(out.from).toBe('2026-03-01T00:10:00.000Z');
    const cycles = out.machines[0].cycles as JsonCycle[];
    expect(cycles.length).toBeGreaterThan(5);
    for (const c of cycles) {
      expect(c.start >= from.replace('Z', '.000Z')).toBe(true);
      expect(c.end < to.replace('Z', '.000Z')).toBe(true);
    }
  });

  it('reports bad input on one line with the right exit code', async () => {
    expectOneLineError(await servolab('cycles', '--db', db, '--sensor', 'pressure'), 1, /unknown sensor "pressure"/);
    expectOneLineError(await servolab('cycles', '--db', db, '--sensor', 'voltage', '--machine', 'M-999'), 1, /unknown machine "M-999"/);
    expectOneLineError(await servolab('cycles', '--db', db), 2, /--sensor is required/);
    expectOneLineError(await servolab('cycles', '--db', db, '--sensor', 'voltage', '--threshold', 'high'), 2, /--threshold must be a number/);
    expectOneLineError(await servolab('cycles', '--db', db, '--sensor', 'voltage', '--min-gap', '2 sec'), 2, /invalid duration/);
    expectOneLineError(await servolab('cycles', '--db', db, '--sensor', 'voltage', '--from', '2026-03-01T01:00:00Z', '--to', START), 2, /--to must be after --from/);
    expectOneLineError(await servolab('cycles', '--db', join(tmpdir(), 'no-such-servolab.duckdb'), '--sensor', 'voltage'), 1, /workspace not found/);
  });
});
