import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ingestor } from '../ingest/ingestor';
import { allocateBatch } from '../model';
import { Simulator } from '../sim';
import { rawReadings } from '../store/queries';
import { resolveSeries } from '../store/series';
import { MEMORY, Workspace } from '../store/workspace';
import { detectCycles } from './detector';
import { LiveCycles, type LiveCycleEvent } from './live';
import { loadCycles } from './store';
import { detectorName } from './types';

const START = Date.UTC(2026, 2, 1);

describe('live cycle detection on the bus', () => {
  let ws: Workspace;
  let ingestor: Ingestor;

  beforeEach(async () => {
    ws = await Workspace.open(MEMORY);
    ingestor = await Ingestor.create(ws);
  });

  afterEach(() => ws.close());

  it('emits and stores each cycle as it closes, the same cycles a batch run finds', async () => {
    const events: LiveCycleEvent[] = [];
    const live = new LiveCycles(ingestor, { sensors: ['voltage'], onCycle: (e) => events.push(e) });
    live.start();
    const sim = new Simulator({ profile: 'press', machines: 2, seed: 9, start: START, faults: 'none' });
    await ingestor.defineSensors(sim.sensors());
    // Live-sized batches: 5 s of simulated time each.
    for (const { batch } of sim.chunks(START + 30 * 60_000, 5000)) await ingestor.ingest(batch, { source: 'simulator' });
    await live.stop();

    for (const machine of ['M-001', 'M-002']) {
      const mine = events.filter((e) => e.machine === machine).map((e) => e.cycle);
      const stored = await rawReadings(ws, resolveSeries(ingestor.catalog, machine, 'voltage'), START, START + 3_600_000);
      const batch = detectCycles(stored.ts, stored.value).map((c) => c.metrics);
      expect(mine.length).toBeGreaterThan(15);
      // Live never sees the end of the stream, so the last cycle or two may still wait for look-ahead.
      expect(batch.length - mine.length).toBeLessThanOrEqual(2);
      expect(mine).toEqual(batch.slice(0, mine.length));
      const rows = await loadCycles(ws, { machine, sensor: 'voltage' });
      expect(rows.map((r) => r.metrics)).toEqual(mine);
      expect(rows.every((r) => r.detector === detectorName())).toBe(true);
    }
    expect(events.every((e) => e.sensor === 'voltage' && e.detector === live.detector)).toBe(true);
  });

  it('skips late rows of a series instead of failing', async () => {
    const errors: unknown[] = [];
    const live = new LiveCycles(ingestor, { save: false, onError: (e) => errors.push(e) });
    live.start();
    await ingestor.defineSensors([{ name: 'voltage', unit: 'kV', min: 0, max: 50 }]);
    const batch = (times: number[]) => {
      const b = allocateBatch(times.length, ['M-001'], ['voltage']);
      times.forEach((t, i) => {
        b.ts[i] = t;
        b.value[i] = 1;
      });
      b.length = times.length;
      return b;
    };
    await ingestor.ingest(batch([START + 1000, START + 1100]), { source: 'test' });
    await ingestor.ingest(batch([START + 500, START + 1200]), { source: 'test' });
    await live.stop();
    expect(live.skipped).toBe(1);
    expect(errors).toEqual([]);
  });
});
