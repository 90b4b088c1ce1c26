import { describe, expect, it } from 'vitest';
import { Ingestor } from '../ingest/ingestor';
import { Simulator } from '../sim';
import { MEMORY, Workspace } from '../store/workspace';
import { clusterEpisodes, silhouette, standardise } from './cluster';

const START = Date.UTC(2026, 2, 1);

describe('failure-pattern clustering', () => {
  it('computes the silhouette by its definition', () => {
    // Two tight pairs far apart: a = 1, b ≈ 10 for every point → s = 1 − 1/10 on average.
    const points = [[0], [1], [10], [11]];
    const s = silhouette(points, [0, 0, 1, 1]);
    const expected = [(10.5 - 1) / 10.5, (9.5 - 1) / 9.5, (9.5 - 1) / 9.5, (10.5 - 1) / 10.5].reduce((a, b) => a + b) / 4;
    expect(s).toBeCloseTo(expected, 12);
    expect(silhouette(points, [0, 1, 0, 1])).toBeLessThan(0);
  });

  it('standardises columns and fills missing values with the mean', () => {
    const z = standardise([
      [1, NaN],
      [3, 5],
    ]);
    expect(z).toEqual([
      [-1, 0],
      [1, 0],
    ]);
  });

  it('recovers the fleet profile’s three failure patterns from its episodes', async () => {
    const ws = await Workspace.open(MEMORY);
    try {
      const ingestor = await Ingestor.create(ws);
      const sim = new Simulator({ profile: 'fleet', machines: 2, seed: 8, start: START, faults: 'all' });
      await ingestor.defineSensors(sim.sensors());
      // Three hours: about 40 episodes a machine at the fleet's failure rate.
      for (const { batch, events } of sim.chunks(START + 3 * 3_600_000, 600_000)) await ingestor.ingest(batch, { source: 'simulator', events });
      const fixed = await clusterEpisodes(ws, { k: 3, seed: 1 });
      expect(fixed.episodes).toBeGreaterThan(50);
      expect(fixed.features).toHaveLength(20 * 4 + 1);
      expect(fixed.purity).toBeGreaterThan(0.95);
      expect(new Set(fixed.clusters.map((c) => c.kind))).toEqual(new Set(['failure_pattern_1', 'failure_pattern_2', 'failure_pattern_3']));
      expect(fixed.silhouette).toBeGreaterThan(0.3);
      const auto = await clusterEpisodes(ws, { seed: 1 });
      expect(auto.tried!.map((t) => t.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
      expect(auto.silhouette).toBe(Math.max(...auto.tried!.map((t) => t.silhouette)));
    } finally {
      ws.close();
    }
  }, 60_000);

  it('says so when there is nothing to cluster', async () => {
    const ws = await Workspace.open(MEMORY);
    try {
      await expect(clusterEpisodes(ws)).rejects.toThrow(/no failure episodes/);
    } finally {
      ws.close();
    }
  });
});
