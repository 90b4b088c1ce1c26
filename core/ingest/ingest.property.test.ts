import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY, Workspace } from '../store/workspace';
import { PushIngest, type PushRoute } from './http/push-ingest';
import { decodeAll, formatAndMessages, messagePayload, messageText } from './hostile-test-util';
import { Ingestor } from './ingestor';
import { sensorsOfFormat } from './kafka/formats';
import { prepareBatch } from './prepare';

/**
 * Hostile input end to end into an in-memory workspace: whatever a Kafka batch or an HTTP body
 * holds, the commit never fails, and what was decoded or rejected is exactly what the readings
 * and quarantine tables gained.
 */
let ws: Workspace;
let ingestor: Ingestor;

beforeAll(async () => {
  ws = await Workspace.open(MEMORY);
  ingestor = await Ingestor.create(ws);
  for (const format of ['servo', 'fleet', 'motor'] as const) await ingestor.defineSensors(sensorsOfFormat(format));
});
afterAll(() => ws.close());

async function counts(): Promise<{ readings: number; quarantine: number; events: number; r1s: number }> {
  const [row] = await ws.rows<Record<string, bigint>>(
    `SELECT (SELECT count(*) FROM readings) AS readings, (SELECT count(*) FROM quarantine) AS quarantine,
            (SELECT count(*) FROM events) AS events, (SELECT coalesce(sum(n), 0)::BIGINT FROM rollup_1s) AS r1s`,
  );
  return { readings: Number(row!.readings), quarantine: Number(row!.quarantine), events: Number(row!.events), r1s: Number(row!.r1s) };
}

describe('a hostile Kafka batch through prepareBatch into the workspace', () => {
  it('stored + quarantined = decoded + rejected, and the tables gain exactly that', async () => {
    await fc.assert(
      fc.asyncProperty(formatAndMessages, async ({ format, values }) => {
        const before = await counts();
        const { builder, state } = decodeAll(format, values);
        const decoded = builder.length;
        const prepared = prepareBatch(builder.build(), ingestor.catalog.ranges(), builder.rowLocation);
        expect(prepared.length + prepared.rejected.length).toBe(decoded);
        prepared.rejected.push(...builder.rejected);
        const events = state.events.splice(0);
        const result = await ingestor.ingestPrepared(prepared, { source: 'kafka:hostile', events });
        expect(result.stored + result.quarantined).toBe(decoded + builder.rejected.length);
        const after = await counts();
        expect(after.readings - before.readings).toBe(result.stored);
        expect(after.r1s - before.r1s).toBe(result.stored); // the rollups count every stored reading
        expect(after.quarantine - before.quarantine).toBe(result.quarantined);
        expect(after.events - before.events).toBe(events.length);
      }),
      { numRuns: 100 },
    );
    // Every machine and sensor the workspace knows has a non-blank name.
    const [blank] = await ws.rows<{ n: bigint }>(`SELECT (SELECT count(*) FROM machines WHERE trim(name) = '') + (SELECT count(*) FROM sensors WHERE trim(name) = '') AS n`);
    expect(blank!.n).toBe(0n);
  });
});

describe('hostile HTTP push bodies', () => {
  let push: PushIngest;
  beforeAll(async () => {
    push = await PushIngest.create(ingestor);
  });

  const servoArray = fc.array(fc.oneof({ weight: 4, arbitrary: messagePayload('servo') }, fc.jsonValue({ maxDepth: 2 })), { maxLength: 6 });
  const body = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.json({ maxDepth: 3 }),
    messageText('servo'),
    messageText('sensorlogger'),
    servoArray.map((items) => JSON.stringify(items)),
  );

  it('never throw; stored + quarantined match the tables, and a refused body is all quarantine', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<PushRoute>('/sensor', '/push'), body, async (route, text) => {
        const before = await counts();
        const result = await push.store(route, text);
        const after = await counts();
        expect(after.readings - before.readings).toBe(result.stored);
        expect(after.quarantine - before.quarantine).toBe(result.quarantined);
        expect(result.stored + result.quarantined).toBeGreaterThan(0); // every body leaves a trace
        if (result.refused !== null) {
          expect(result.stored).toBe(0);
          expect(result.refused).toMatch(/^[^\n]+$/);
        }
      }),
      { numRuns: 100 },
    );
  });

  // Regressions the properties found.
  it('an array of more than ten elements keeps a distinct location per element (2.10 is not 2.1)', async () => {
    const before = await counts();
    const result = await push.store('/sensor', JSON.stringify(Array.from({ length: 12 }, () => ({ temperature: 1 }))));
    expect(result).toEqual({ stored: 0, quarantined: 12, refused: 'missing machine_id' });
    const rows = await ws.rows<{ location: string }>(`SELECT location FROM quarantine ORDER BY id DESC LIMIT 12`);
    expect(new Set(rows.map((r) => r.location)).size).toBe(12);
    expect(rows.map((r) => r.location)).toContain(`http:/sensor@${push.totals.requests}.10`);
    expect((await counts()).quarantine - before.quarantine).toBe(12);
  });

  it('a body nested too deeply to serialise is quarantined, not a 500', async () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(await push.store('/sensor', deep)).toEqual({ stored: 0, quarantined: 1, refused: 'JSON nested too deeply' });
    expect(await push.store('/push', deep)).toEqual({ stored: 0, quarantined: 1, refused: 'not a JSON object' });
  });
});
