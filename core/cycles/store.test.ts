import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ingestor } from '../ingest/ingestor';
import { Simulator } from '../sim';
import { rawReadings } from '../store/queries';
import { resolveSeries } from '../store/series';
import { MEMORY, Workspace } from '../store/workspace';
import { CycleDetector, detectCycles } from './detector';
import { loadCycles, readSeriesChunks, saveCycles } from './store';
import type { CycleMetrics } from './types';

const START = Date.UTC(2026, 2, 1);
const HOUR = 3_600_000;

describe('cycles in the workspace', () => {
  let ws: Workspace;
  let ingestor: Ingestor;

  beforeEach(async () => {
    ws = await Workspace.open(MEMORY);
    ingestor = await Ingestor.create(ws);
    const sim = new Simulator({ profile: 'press', machines: 2, seed: 4, start: START, faults: 'none' });
    await ingestor.defineSensors(sim.sensors());
    for (const { batch, events } of sim.chunks(START + HOUR, 600_000)) await ingestor.ingest(batch, { source: 'simulator', events });
  });

  afterEach(() => ws.close());

  async function detect(machine: string, chunk: number): Promise<CycleMetrics[]> {
    const series = resolveSeries(ingestor.catalog, machine, 'voltage');
    const d = new CycleDetector();
    const out: CycleMetrics[] = [];
    for await (const part of readSeriesChunks(ws, series, {}, chunk)) out.push(...d.push(part.ts, part.value).map((c) => c.metrics));
    return [...out, ...d.finish().map((c) => c.metrics)];
  }

  it('reads a series in chunks exactly as in one piece, and detects the same cycles', async () => {
    const series = resolveSeries(ingestor.catalog, 'M-001', 'voltage');
    const whole = await rawReadings(ws, series, START, START + HOUR);
    const parts = [];
    for await (const part of readSeriesChunks(ws, series, {}, 7_000)) parts.push(part);
    expect(parts.length).toBe(Math.ceil(whole.ts.length / 7_000));
    expect(Float64Array.from(parts.flatMap((p) => [...p.ts]))).toEqual(whole.ts);
    expect(await detect('M-001', 7_000)).toEqual(detectCycles(whole.ts, whole.value).map((c) => c.metrics));
  });

  it('replaces the same detector’s rows inside the range and keeps everything else', async () => {
    const a = await detect('M-001', 1_000_000);
    const b = await detect('M-002', 1_000_000);
    expect(a.length).toBeGreaterThan(20);
    const groups = [
      { machine: 'M-001', sensor: 'voltage', detector: 'auto', cycles: a },
      { machine: 'M-002', sensor: 'voltage', detector: 'auto', cycles: b },
    ];
    expect(await saveCycles(ws, groups)).toEqual({ replaced: 0, inserted: a.length + b.length });
    // Idempotent: the same detection again replaces, never duplicates.
    expect(await saveCycles(ws, groups)).toEqual({ replaced: a.length + b.length, inserted: a.length + b.length });
    // Another detector's rows stand beside.
    await saveCycles(ws, [{ ...groups[0]!, detector: 'fixed' }]);
    expect(await loadCycles(ws, { machine: 'M-001' })).toHaveLength(2 * a.length);
    // A detection over the second half hour replaces only the rows lying wholly inside it.
    const from = START + HOUR / 2;
    const inside = a.filter((c) => c.start >= from);
    const result = await saveCycles(ws, [{ ...groups[0]!, cycles: inside.slice(1) }], { from });
    expect(result).toEqual({ replaced: inside.length, inserted: inside.length - 1 });
    const stored = await loadCycles(ws, { machine: 'M-001', detector: 'auto' });
    expect(stored.map((s) => s.metrics)).toEqual([...a.filter((c) => c.start < from), ...inside.slice(1)]);
    expect(stored[0]).toMatchObject({ machine: 'M-001', sensor: 'voltage', detector: 'auto' });
    // Times and metrics survive the round trip exactly.
    const [row] = await ws.rows<{ start: string; end: string }>(
      `SELECT strftime(start_ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS start, strftime(end_ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS "end"
       FROM cycles WHERE machine = 'M-002' ORDER BY start_ts LIMIT 1`,
    );
    expect(row).toEqual({ start: new Date(b[0]!.start).toISOString(), end: new Date(b[0]!.end).toISOString() });
  });

  it('rolls back a failed save completely', async () => {
    const a = await detect('M-001', 1_000_000);
    await saveCycles(ws, [{ machine: 'M-001', sensor: 'voltage', detector: 'auto', cycles: a }]);
    const broken = { ...a[0]!, start: NaN };
    await expect(saveCycles(ws, [{ machine: 'M-001', sensor: 'voltage', detector: 'auto', cycles: [broken] }])).rejects.toThrow();
    expect(await loadCycles(ws, { machine: 'M-001' })).toHaveLength(a.length);
  });
});
