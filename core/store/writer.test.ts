import { describe, expect, it } from 'vitest';
import { allocateBatch, type LabEvent } from '../model';
import { Ingestor } from '../ingest/ingestor';
import { Workspace } from './workspace';

function batchOf(n: number, t0: number) {
  const b = allocateBatch(n, ['M-1'], ['x']);
  for (let i = 0; i < n; i++) {
    b.ts[i] = t0 + i * 100;
    b.value[i] = i;
  }
  b.length = n;
  return b;
}

describe('commitBatch', () => {
  it('writes rows, rollups, events and checkpoints atomically: a failure leaves nothing behind', async () => {
    const ws = await Workspace.open(':memory:');
    const ingestor = await Ingestor.create(ws);
    const t0 = Date.UTC(2026, 0, 1);
    await ingestor.ingest(batchOf(50, t0), { source: 't', checkpoints: [{ source: 't', stream: 's', partition: 0, position: 50n }] });
    const broken = { machine: 'M-1', kind: null, onset: t0, failure: null, source: 't' } as unknown as LabEvent;
    await expect(
      ingestor.ingest(batchOf(3000, t0 + 60_000), { source: 't', events: [broken], checkpoints: [{ source: 't', stream: 's', partition: 0, position: 3050n }] }),
    ).rejects.toThrow();
    const count = async () => (await ws.rows<{ n: bigint }>(`SELECT count(*) AS n FROM readings`))[0]!.n;
    expect(await count()).toBe(50n);
    expect((await ws.rows<{ n: bigint }>(`SELECT sum(n)::BIGINT AS n FROM rollup_1s`))[0]!.n).toBe(50n);
    expect(await ws.rows(`SELECT position FROM checkpoints`)).toEqual([{ position: 50n }]);
    // The kept-open appenders carry nothing of the failed batch into the next one.
    await ingestor.ingest(batchOf(10, t0 + 120_000), { source: 't' });
    expect(await count()).toBe(60n);
    expect((await ws.rows<{ n: bigint }>(`SELECT sum(n)::BIGINT AS n FROM rollup_1m`))[0]!.n).toBe(60n);
    ws.close();
  });
});
