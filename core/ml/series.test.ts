import { describe, expect, it } from 'vitest';
import { Ingestor } from '../ingest/ingestor';
import { Simulator } from '../sim';
import { MEMORY, Workspace } from '../store/workspace';
import type { ClassificationMetrics } from './metrics';
import { loadSeriesDataset, timeSplit } from './series';
import { sensorFeatures } from './window-stats';
import { trainDataset } from './train';

const START = Date.UTC(2026, 2, 1);
const MINUTE = 60_000;

async function servo(hours: number, seed: number): Promise<Workspace> {
  const ws = await Workspace.open(MEMORY);
  const ingestor = await Ingestor.create(ws);
  const sim = new Simulator({ profile: 'servo', machines: 2, seed, start: START, faults: ['bearing_wear', 'overheating', 'imbalance'] });
  await ingestor.defineSensors(sim.sensors());
  for (const { batch, events } of sim.chunks(START + hours * 60 * MINUTE, 600_000)) await ingestor.ingest(batch, { source: 'simulator', events });
  return ws;
}

describe('series datasets from simulator ground truth', () => {
  it('computes window statistics in DuckDB and labels windows followed by a failure within the horizon', async () => {
    const ws = await servo(12, 5);
    try {
      const data = await loadSeriesDataset(ws, { windowMs: MINUTE, horizonMs: 10 * MINUTE });
      expect(data.names).toEqual(['rpm', 'temperature', 'vibration'].flatMap(sensorFeatures));
      expect(data.names.filter((n) => n.includes('.band'))).toEqual(['vibration.band1', 'vibration.band2', 'vibration.band3', 'vibration.band4']);
      expect(data.rows).toBe(2 * 12 * 60);
      // Window statistics equal a direct computation over the same readings.
      const i = 100;
      const [check] = await ws.rows<{ mean: number; max: number; n: bigint }>(
        `SELECT avg(value) AS mean, max(value) AS max, count(*) AS n FROM readings r JOIN sensors s ON s.id = r.sensor JOIN machines m ON m.id = r.machine
         WHERE s.name = 'temperature' AND m.name = $m AND r.ts >= make_timestamp($from::BIGINT) AND r.ts < make_timestamp($to::BIGINT)`,
        { m: data.machines[data.machineOf[i]!]!, from: data.windowStart[i]! * 1000, to: (data.windowStart[i]! + MINUTE) * 1000 },
      );
      expect(Number(check!.n)).toBe(600);
      expect(data.columns[data.names.indexOf('temperature.mean')]![i]).toBeCloseTo(check!.mean, 9);
      expect(data.columns[data.names.indexOf('temperature.max')]![i]).toBe(check!.max);
      // Labels against the events table, window by window.
      const failures = await ws.rows<{ machine: string; f: number }>(`SELECT machine, epoch_ms(failure) AS f FROM events WHERE failure IS NOT NULL`);
      expect(failures.length).toBeGreaterThan(2);
      for (let r = 0; r < data.rows; r += 7) {
        const start = data.windowStart[r]!;
        const expected = failures.some((e) => e.machine === data.machines[data.machineOf[r]!] && Number(e.f) > start && Number(e.f) <= start + 11 * MINUTE);
        expect(data.y[r]).toBe(expected ? 1 : 0);
      }
      // Time-ordered split: every test window starts after every training window.
      const { train, test } = timeSplit(data, 0.25);
      expect(Math.max(...Array.from(train, (k) => data.windowStart[k]!))).toBeLessThan(Math.min(...Array.from(test, (k) => data.windowStart[k]!)));

      const result = await trainDataset(data, { algorithm: 'forest', params: { trees: 50, seed: 1 } }, {}, timeSplit(data, 0.3));
      const m = result.metrics as ClassificationMetrics;
      expect(m.support.positive).toBeGreaterThan(0);
      expect(m.rocAuc).toBeGreaterThan(0.9);
    } finally {
      ws.close();
    }
  }, 60_000);

  it('hopping windows: every window start a multiple of the hop, the ones on the tumbling grid equal the tumbling rows', async () => {
    const ws = await servo(3, 7);
    try {
      const tumbling = await loadSeriesDataset(ws, { windowMs: MINUTE, horizonMs: 10 * MINUTE });
      const hopping = await loadSeriesDataset(ws, { windowMs: MINUTE, hopMs: 20_000, horizonMs: 10 * MINUTE });
      expect(hopping.names).toEqual(tumbling.names);
      // Three windows hold each reading; two more per machine start before its first reading.
      expect(hopping.rows).toBe(3 * tumbling.rows + 2 * 2);
      expect(hopping.windowStart.every((s) => s % 20_000 === 0)).toBe(true);
      expect(Array.from(hopping.windowEnd, (e, i) => e - hopping.windowStart[i]!).every((w) => w === MINUTE)).toBe(true);
      const rowOf = new Map(Array.from(hopping.windowStart, (s, i) => [`${hopping.machineOf[i]}:${s}`, i]));
      let compared = 0;
      for (let i = 0; i < tumbling.rows; i += 13) {
        const h = rowOf.get(`${tumbling.machineOf[i]}:${tumbling.windowStart[i]}`)!;
        expect(hopping.y[h]).toBe(tumbling.y[i]);
        tumbling.names.forEach((name, k) => {
          const [a, b] = [tumbling.columns[k]![i]!, hopping.columns[k]![h]!];
          // JS (live scoring's function) against DuckDB's aggregates and the same band energies; DuckDB
          // sums raw powers for skewness, kurtosis and slope, whose rounding sets their tolerance
          // (as in window-stats.test.ts).
          const tolerance = /\.(skew|kurt|slope)$/.test(name) ? 1e-4 : 1e-9;
          expect(Math.abs(a - b), `${name} at row ${i}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(a)));
        });
        compared++;
      }
      expect(compared).toBeGreaterThan(20);
      // Overlapping windows never straddle the split: each training window ends by the cut.
      const { train, test, cut } = timeSplit(hopping, 0.25);
      expect(Array.from(train).every((k) => hopping.windowEnd[k]! <= cut)).toBe(true);
      expect(Array.from(test).every((k) => hopping.windowStart[k]! >= cut)).toBe(true);
    } finally {
      ws.close();
    }
  }, 60_000);

  it('refuses a workspace without failures or readings', async () => {
    const ws = await Workspace.open(MEMORY);
    try {
      await expect(loadSeriesDataset(ws, { windowMs: MINUTE, horizonMs: MINUTE })).rejects.toThrow(/no readings/);
    } finally {
      ws.close();
    }
  });
});
