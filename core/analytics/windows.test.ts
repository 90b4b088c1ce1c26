import { describe, expect, it } from 'vitest';
import { allocateBatch } from '../model';
import { Ingestor } from '../ingest/ingestor';
import { Workspace } from '../store/workspace';
import { chooseWindowLevel, windowAggregates, type WindowRow } from './windows';

const T0 = Date.UTC(2026, 2, 1);

/** Two machines × one sensor at 10 Hz for 10 minutes, values with many ties. */
async function workspace() {
  const ws = await Workspace.open(':memory:');
  const ingestor = await Ingestor.create(ws);
  const n = 6000;
  const b = allocateBatch(2 * n, ['A', 'B'], ['temp']);
  for (let i = 0; i < 2 * n; i++) {
    b.ts[i] = T0 + (i % n) * 100;
    b.machine[i] = i < n ? 0 : 1;
    b.value[i] = i < n ? (i % 50) / 2 : 100 + (i % 7);
  }
  b.length = 2 * n;
  await ingestor.ingest(b, { source: 'test' });
  return { ws, catalog: ingestor.catalog };
}

function brute(values: { t: number; v: number }[], start: number, width: number) {
  const inside = values.filter((x) => x.t >= start && x.t < start + width).map((x) => x.v);
  const n = inside.length;
  const avg = inside.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(inside.reduce((a, b) => a + (b - avg) ** 2, 0) / (n - 1)) : null;
  return { count: n, avg, min: Math.min(...inside), max: Math.max(...inside), std };
}

describe('windowed aggregates', () => {
  it('picks the coarsest exact level', () => {
    expect(chooseWindowLevel(600_000, 60_000)).toBe('1m');
    expect(chooseWindowLevel(10_000, 10_000)).toBe('1s');
    expect(chooseWindowLevel(10_000, 10_000, T0 + 500)).toBe('raw');
    expect(chooseWindowLevel(250, 250)).toBe('raw');
  });

  it('tumbling 10 s windows agree at every level and with a brute-force computation', async () => {
    const { ws, catalog } = await workspace();
    const raw = await windowAggregates(ws, catalog, { everyMs: 10_000, machine: 'A', level: 'raw' });
    const fromRollup = await windowAggregates(ws, catalog, { everyMs: 10_000, machine: 'A' });
    expect(fromRollup.level).toBe('1s');
    expect(raw.rows).toHaveLength(60);
    const values = Array.from({ length: 6000 }, (_, i) => ({ t: T0 + i * 100, v: (i % 50) / 2 }));
    raw.rows.forEach((row, k) => {
      const expected = brute(values, T0 + k * 10_000, 10_000);
      expect(row.start).toBe(new Date(T0 + k * 10_000).toISOString());
      expect(row.count).toBe(expected.count);
      expect(row.avg).toBeCloseTo(expected.avg, 9);
      expect(row.std!).toBeCloseTo(expected.std!, 9);
      expect([row.min, row.max]).toEqual([expected.min, expected.max]);
    });
    const strip = (rows: WindowRow[]) => rows.map((r) => ({ ...r, avg: r.avg.toFixed(9), std: r.std?.toFixed(6) }));
    expect(strip(fromRollup.rows)).toEqual(strip(raw.rows));
    ws.close();
  });

  it('hopping windows: each reading counted in width/hop windows, edges included', async () => {
    const { ws, catalog } = await workspace();
    const r = await windowAggregates(ws, catalog, { everyMs: 60_000, hopMs: 20_000, sensor: 'temp' });
    const a = r.rows.filter((x) => x.machine === 'A');
    expect(a[0]!.start).toBe(new Date(T0 - 40_000).toISOString()); // the first window that holds T0
    expect(a.reduce((n, x) => n + x.count, 0)).toBe(6000 * 3);
    expect(a.find((x) => x.start === new Date(T0).toISOString())!.count).toBe(600);
    const limited = await windowAggregates(ws, catalog, { everyMs: 60_000, limit: 5 });
    expect(limited).toMatchObject({ truncated: true });
    expect(limited.rows).toHaveLength(5);
    await expect(windowAggregates(ws, catalog, { everyMs: 1000, hopMs: 2000 })).rejects.toThrow(/hop must be/);
    await expect(windowAggregates(ws, catalog, { everyMs: 1000, machine: 'Z' })).rejects.toThrow(/unknown machine/);
    ws.close();
  });
});
