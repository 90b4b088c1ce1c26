import { describe, expect, it } from 'vitest';
import { Ingestor } from '../ingest/ingestor';
import { Simulator } from '../sim';
import { MEMORY, Workspace } from '../store/workspace';
import { listModels } from './registry';
import { Retrainer, type RetrainSpec, type RetrainStatus } from './retrainer';
import { until } from '../../tests/support/until';

const START = Date.UTC(2026, 2, 1);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

async function servo(hours: number): Promise<Workspace> {
  const ws = await Workspace.open(MEMORY);
  const ingestor = await Ingestor.create(ws);
  const sim = new Simulator({ profile: 'servo', machines: 2, seed: 5, start: START, faults: ['bearing_wear', 'overheating', 'imbalance'], faultTiming: { physicalGapMs: HOUR } });
  await ingestor.defineSensors(sim.sensors());
  for (const { batch, events } of sim.chunks(START + hours * HOUR, 600_000)) await ingestor.ingest(batch, { source: 'simulator', events });
  return ws;
}

const spec = (over: Partial<RetrainSpec> = {}): RetrainSpec => ({
  name: 'risk',
  windowMs: MINUTE,
  horizonMs: 10 * MINUTE,
  lookbackMs: 8 * HOUR,
  everyMs: 60_000,
  request: { algorithm: 'forest', params: { trees: 30, seed: 1 }, testFraction: 0.3 },
  promote: 'if-better',
  ...over,
});

const liveVersions = async (ws: Workspace) => (await listModels(ws)).filter((m) => m.name === 'risk' && m.live).map((m) => m.id);

describe('periodic retraining', () => {
  it('trains on the lookback before the newest reading, promotes the first version, then only a version that does as well on the newest windows', async () => {
    const ws = await servo(10);
    try {
      let promotedCalls = 0;
      const retrainer = new Retrainer(ws, spec(), { promoted: async () => void promotedCalls++ });
      const first = await retrainer.runOnce();
      expect(first).toMatchObject({ model: 'risk@1', promoted: true, error: false, liveScore: null });
      expect(first.decision).toMatch(/no live version yet/);
      const [entry] = await listModels(ws);
      // 10 h of data, 8 h of lookback: the run starts 8 h before the newest reading.
      expect(Date.parse(String(entry!.data.from))).toBeGreaterThanOrEqual(START + 2 * HOUR - MINUTE);
      expect(await liveVersions(ws)).toEqual(['risk@1']);

      // A one-tree stump cannot beat the forest on the same windows: it is stored, not promoted.
      const weak = new Retrainer(ws, spec({ request: { algorithm: 'forest', params: { trees: 1, seed: 2, maxDepth: 1 }, testFraction: 0.3 } }));
      const second = await weak.runOnce();
      expect(second.model).toBe('risk@2');
      expect(second.promoted).toBe(false);
      expect(second.liveScore!).toBeGreaterThan(second.score!);
      expect(second.decision).toMatch(/^kept risk@1: f1 /);
      expect(await liveVersions(ws)).toEqual(['risk@1']);

      // The same settings again score the same as the live version on the newest windows: promoted.
      const third = await retrainer.runOnce();
      expect(third).toMatchObject({ model: 'risk@3', promoted: true });
      expect(third.score!).toBeGreaterThanOrEqual(third.liveScore!);
      expect(await liveVersions(ws)).toEqual(['risk@3']);
      expect(promotedCalls).toBe(2);
      expect(retrainer.status()).toMatchObject({ runs: 2, promotions: 2, failures: 0, running: false });
    } finally {
      ws.close();
    }
  }, 60_000);

  it('reports a run that cannot train and keeps its schedule; stop ends it', async () => {
    const ws = await Workspace.open(MEMORY);
    try {
      const statuses: RetrainStatus[] = [];
      const retrainer = new Retrainer(ws, spec({ everyMs: 30 }), { onStatus: (s) => statuses.push(s) });
      retrainer.start();
      await until(() => retrainer.status().runs >= 3);
      await retrainer.stop();
      const status = retrainer.status();
      expect(status).toMatchObject({ running: false, nextAt: null, promotions: 0 });
      expect(status.failures).toBe(status.runs);
      expect(status.last).toMatchObject({ error: true, model: null, decision: 'no readings to train on yet' });
      const runs = status.runs;
      await new Promise((r) => setTimeout(r, 100));
      expect(retrainer.status().runs).toBe(runs);
      expect(statuses.some((s) => s.nextAt !== null)).toBe(true);
      expect(statuses.at(-1)!.running).toBe(false);
    } finally {
      ws.close();
    }
  });

  it('refuses a lookback no longer than the window', async () => {
    const ws = await Workspace.open(MEMORY);
    try {
      expect(() => new Retrainer(ws, spec({ lookbackMs: MINUTE }))).toThrow(/lookback must be longer than the window/);
    } finally {
      ws.close();
    }
  });
});

