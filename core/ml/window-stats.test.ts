import { describe, expect, it } from 'vitest';
import { Ingestor } from '../ingest/ingestor';
import { Simulator } from '../sim';
import { MEMORY, Workspace } from '../store/workspace';
import { loadSeriesDataset } from './series';
import { sensorFeatures, STATS_PER_SENSOR, windowFeatures, windowStats } from './window-stats';

const START = Date.UTC(2026, 2, 1);
const MINUTE = 60_000;

describe('live window features', () => {
  it('equal the series dataset computed from the same readings (DuckDB statistics, band energies)', async () => {
    const ws = await Workspace.open(MEMORY);
    try {
      const ingestor = await Ingestor.create(ws);
      const sim = new Simulator({ profile: 'servo', machines: 1, seed: 2, start: START, faults: ['bearing_wear', 'overheating'], faultTiming: {} });
      await ingestor.defineSensors(sim.sensors());
      for (const { batch, events } of sim.chunks(START + 20 * MINUTE, 300_000)) await ingestor.ingest(batch, { source: 'simulator', events });
      await ws.run(`INSERT INTO events (machine, kind, onset, failure, source) VALUES ('M-001', 'x', make_timestamp(${START * 1000}), make_timestamp(${(START + 15 * MINUTE) * 1000}), 'test')`);
      const data = await loadSeriesDataset(ws, { windowMs: MINUTE, horizonMs: MINUTE });
      const sensors = ['rpm', 'temperature', 'vibration'];
      let compared = 0;
      for (let row = 0; row < data.rows; row += 3) {
        for (const sensor of sensors) {
          const [ts, values] = await ws.columns(
            `SELECT epoch_ms(r.ts) AS t, r.value FROM readings r JOIN sensors s ON s.id = r.sensor
             WHERE s.name = $s AND r.ts >= make_timestamp($from::BIGINT) AND r.ts < make_timestamp($to::BIGINT) ORDER BY r.ts`,
            { s: sensor, from: data.windowStart[row]! * 1000, to: (data.windowStart[row]! + MINUTE) * 1000 },
          );
          const t = Float64Array.from(ts!, Number);
          const features = sensorFeatures(sensor);
          const out = new Float64Array(features.length);
          windowFeatures(sensor, t, Float64Array.from(values!, Number), t.length, out, 0);
          features.forEach((name, k) => {
            const stat = name.slice(sensor.length + 1);
            const expected = data.columns[data.names.indexOf(name)]![row]!;
            expect(expected, name).not.toBeNaN();
            // DuckDB sums raw powers for skewness, kurtosis and slope (against epoch seconds ~1.8e9; we use
            // central moments): its cancellation
            // error (~1e-6 on a 60 °C temperature) sets their tolerance; the others agree to rounding.
            const tolerance = stat === 'skew' || stat === 'kurt' || stat === 'slope' ? 1e-4 : 1e-9;
            expect(Math.abs(out[k]! - expected), `${sensor}.${stat} window ${row}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
            compared++;
          });
        }
      }
      expect(compared).toBeGreaterThan(100);
    } finally {
      ws.close();
    }
  }, 30_000);

  it('gives NaN for an empty window and 0 for undefined moments of a constant one', () => {
    const out = new Float64Array(STATS_PER_SENSOR);
    windowStats(new Float64Array(0), new Float64Array(0), 0, out, 0);
    expect(Array.from(out).every(Number.isNaN)).toBe(true);
    windowStats(Float64Array.of(0, 1000, 2000), Float64Array.of(5, 5, 5), 3, out, 0);
    expect(Array.from(out)).toEqual([5, 0, 5, 5, 0, 5, 0, 0, 1, 0]);
  });
});
