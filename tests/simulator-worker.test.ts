import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Ingestor } from '../core/ingest/ingestor';
import { backfill } from '../core/ingest/simulator-source';
import { MEMORY, Workspace } from '../core/store/workspace';

/** The BUILT simulator worker (npm test builds the CLI first) feeding commits on this thread. */
const WORKER = join(import.meta.dirname, '..', 'out', 'cli', 'simulator-worker.js');

describe('backfill through the simulator worker', () => {
  it('ends with the error when commits start failing (a full disk), keeping the batches committed before it, never hanging', async () => {
    expect(existsSync(WORKER), `${WORKER} missing: build the CLI first (npx vite build --config vite.cli.config.ts)`).toBe(true);
    const ws = await Workspace.open(MEMORY);
    try {
      const ingestor = await Ingestor.create(ws);
      const write = ingestor.ingestPrepared.bind(ingestor);
      let calls = 0;
      ingestor.ingestPrepared = (...args) => (++calls >= 3 ? Promise.reject(new Error('disk full (injected)')) : write(...args));
      const config = { profile: 'servo' as const, machines: 4, seed: 1, start: Date.UTC(2026, 2, 1) };
      const started = Date.now();
      await expect(backfill(ingestor, { config, durationMs: 3_600_000, targetReadings: 20_000, workerUrl: pathToFileURL(WORKER) })).rejects.toThrow(/disk full \(injected\)/);
      expect(Date.now() - started).toBeLessThan(10_000);
      const [row] = await ws.rows<{ n: bigint }>('SELECT count(*) AS n FROM readings');
      // The batches committed before the failure stay; the failed one and everything after it are not stored.
      expect(Number(row!.n)).toBeGreaterThan(0);
      expect(Number(row!.n)).toBeLessThan(4 * 3 * 36_000);
    } finally {
      ws.close();
    }
  });
});
