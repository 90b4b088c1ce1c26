import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateBatch } from '../model';
import { Ingestor } from '../ingest/ingestor';
import { exportReadings } from './export';
import { hotReadings, rawReadings, rollupReadings, seriesStats } from './queries';
import { resolveSeries } from './series';
import { Workspace } from './workspace';

const T0 = Date.UTC(2026, 0, 1);
let ws: Workspace;
let ingestor: Ingestor;
const values: number[] = [];
const allValues: number[] = [];

beforeAll(async () => {
  ws = await Workspace.open(':memory:');
  ingestor = await Ingestor.create(ws);
  await ingestor.defineSensors([{ name: 'temperature', unit: '°C', min: -50, max: 200 }]);
  // Two batches whose second one lands inside seconds the first already rolled up: rollup
  // readers must merge the partial rows.
  for (const offset of [0, 50]) {
    const b = allocateBatch(300, ['M-1', "O'Brien \"press\""], ['temperature']);
    for (let i = 0; i < 300; i++) {
      b.ts[i] = T0 + offset + (i % 150) * 100;
      b.machine[i] = i < 150 ? 0 : 1;
      b.value[i] = 60 + ((i * 7 + offset) % 31);
      if (i < 150) values.push(b.value[i]!);
      allValues.push(b.value[i]!);
    }
    b.length = 300;
    await ingestor.ingest(b, { source: 'test' });
  }
});
afterAll(() => ws.close());

const quantile = (sorted: number[], q: number) => {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (pos - lo);
};

describe('queries', () => {
  it('computes summary statistics per series', async () => {
    const [stats] = await seriesStats(ws, ingestor.catalog, { machine: 'M-1' });
    const sorted = [...values].sort((a, b) => a - b);
    const mean = values.reduce((a, b) => a + b) / values.length;
    expect(stats).toMatchObject({ machine: 'M-1', sensor: 'temperature', unit: '°C', count: 300, min: sorted[0], max: sorted.at(-1) });
    expect(stats!.mean).toBeCloseTo(mean, 9);
    expect(stats!.std).toBeCloseTo(Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)), 9);
    expect(stats!.p50).toBeCloseTo(quantile(sorted, 0.5), 9);
    expect(stats!.p95).toBeCloseTo(quantile(sorted, 0.95), 9);
    expect(stats!.p99).toBeCloseTo(quantile(sorted, 0.99), 9);
    expect(stats!.firstTime).toBe('2026-01-01T00:00:00.000Z');
    expect(stats!.lastTime).toBe('2026-01-01T00:00:14.950Z');
  });

  it('filters stats by time and keeps hostile names verbatim', async () => {
    const all = await seriesStats(ws, ingestor.catalog, {});
    expect(all.map((s) => s.machine)).toEqual(['M-1', "O'Brien \"press\""]);
    const late = await seriesStats(ws, ingestor.catalog, { machine: "O'Brien \"press\"", from: T0 + 10_000 });
    expect(late[0]!.count).toBe(100);
    await expect(seriesStats(ws, ingestor.catalog, { machine: 'nope' })).rejects.toThrow('unknown machine "nope"');
  });

  it('returns raw readings in time order and merged rollup buckets', async () => {
    const series = resolveSeries(ingestor.catalog, 'M-1', 'temperature');
    const raw = await rawReadings(ws, series, T0, T0 + 2000);
    expect(Array.from(raw.ts).map((t) => t - T0)).toEqual([0, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 550, 600, 650, 700, 750, 800, 850, 900, 950, 1000, 1050, 1100, 1150, 1200, 1250, 1300, 1350, 1400, 1450, 1500, 1550, 1600, 1650, 1700, 1750, 1800, 1850, 1900, 1950]);
    const rolled = await rollupReadings(ws, series, '1s', T0, T0 + 15_000);
    expect(rolled.bucket.length).toBe(15);
    expect(Array.from(rolled.count)).toEqual(new Array(15).fill(20));
    const firstSecond = Array.from(raw.value.subarray(0, 20));
    expect(rolled.mean[0]).toBeCloseTo(firstSecond.reduce((a, b) => a + b) / 20, 9);
    expect(rolled.min[0]).toBe(Math.min(...firstSecond));
    expect(rolled.first[0]).toBe(raw.value[0]);
    expect(rolled.last[0]).toBe(raw.value[19]);
    const minute = await rollupReadings(ws, series, '1m', T0, T0 + 60_000);
    expect(Array.from(minute.count)).toEqual([300]);
  });

  it('lists hot readings above a threshold', async () => {
    const hot = await hotReadings(ws, ingestor.catalog, 'temperature', 85, 5);
    expect(hot.total).toBe(allValues.filter((v) => v > 85).length);
    expect(hot.rows).toHaveLength(5);
    expect(hot.rows.every((r) => r.value > 85)).toBe(true);
  });

  it('exports Parquet partitioned by machine and day, readable back by DuckDB', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'servolab-export-')), 'lake');
    const n = await exportReadings(ws, ingestor.catalog, { format: 'parquet', out, partition: true });
    expect(n).toBe(600);
    const back = await ws.rows<{ machine: string; day: string; n: bigint }>(
      `SELECT machine, day::VARCHAR AS day, count(*) AS n FROM read_parquet('${out}/*/*/*.parquet', hive_partitioning = true) GROUP BY ALL ORDER BY machine`,
    );
    expect(back).toEqual([
      { machine: 'M-1', day: '2026-01-01', n: 300n },
      { machine: "O'Brien \"press\"", day: '2026-01-01', n: 300n },
    ]);
    await expect(exportReadings(ws, ingestor.catalog, { format: 'parquet', out, partition: true })).rejects.toThrow(/not an empty directory/);
  });
});
