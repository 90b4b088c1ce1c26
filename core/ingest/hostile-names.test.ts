import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY, Workspace } from '../store/workspace';
import { PushIngest } from './http/push-ingest';
import { decodeAll, HOSTILE_NAMES, T0, TEN_KB_NAME } from './hostile-test-util';
import { Ingestor } from './ingestor';
import { prepareBatch } from './prepare';

/**
 * Hostile machine and sensor names through the Kafka `long` format and HTTP push: SQL fragments,
 * quotes, backslashes, RTL and emoji, NUL, control characters — stored and shown verbatim (read
 * back with bound parameters), never executed; blank and over-long names quarantined with a reason.
 */
let ws: Workspace;
let ingestor: Ingestor;
let push: PushIngest;

beforeAll(async () => {
  ws = await Workspace.open(MEMORY);
  ingestor = await Ingestor.create(ws);
  push = await PushIngest.create(ingestor);
});
afterAll(() => ws.close());

async function consumeLong(messages: unknown[]) {
  const { builder } = decodeAll('long', messages.map((m) => Buffer.from(JSON.stringify(m))));
  const prepared = prepareBatch(builder.build(), ingestor.catalog.ranges(), builder.rowLocation);
  prepared.rejected.push(...builder.rejected);
  return { result: await ingestor.ingestPrepared(prepared, { source: 'kafka:names' }), rejected: builder.rejected };
}

/** Readings of exactly this machine and sensor, matched by bound parameters. */
async function readingsOf(machine: string, sensor: string): Promise<number[]> {
  const rows = await ws.rows<{ value: number }>(
    `SELECT r.value FROM readings r JOIN machines m ON m.id = r.machine JOIN sensors s ON s.id = r.sensor
      WHERE m.name = $machine AND s.name = $sensor ORDER BY r.ts`,
    { machine, sensor },
  );
  return rows.map((r) => r.value);
}

async function tablesIntact(): Promise<void> {
  const tables = await ws.rows<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1`);
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['machines', 'quarantine', 'readings', 'rollup_1m', 'rollup_1s', 'sensors']));
}

describe('hostile machine and sensor names', () => {
  it('Kafka long format: every hostile name is stored verbatim as machine and as sensor', async () => {
    const messages = HOSTILE_NAMES.map((name, i) => ({ ts: T0 + i, machine: name, sensor: name, value: i }));
    const { result } = await consumeLong(messages);
    expect(result).toMatchObject({ stored: HOSTILE_NAMES.length, quarantined: 0 });
    for (const [i, name] of HOSTILE_NAMES.entries()) expect(await readingsOf(name, name), JSON.stringify(name)).toEqual([i]);
    const machines = new Set(ingestor.catalog.machineNames());
    for (const name of HOSTILE_NAMES) expect(machines.has(name)).toBe(true); // what workspaceInfo shows
    await tablesIntact();
  });

  it('Kafka long format: blank and 10 KB names are quarantined with the reason, never stored', async () => {
    const before = ingestor.catalog.machineNames().length;
    const { result, rejected } = await consumeLong([
      { machine: '', sensor: 's', value: 1 },
      { machine: 'm', sensor: '  \t', value: 1 },
      { machine: TEN_KB_NAME, sensor: 's', value: 1 },
      { machine: 'm', sensor: null, value: 1 },
    ]);
    expect(result).toMatchObject({ stored: 0, quarantined: 4 });
    expect(rejected.map((r) => r.reason)).toEqual(['machine is blank', 'sensor is blank', 'machine is longer than 200 characters', 'missing sensor']);
    expect(ingestor.catalog.machineNames().length).toBe(before); // no name of a rejected message was registered
    const [q] = await ws.rows<{ raw: string }>(`SELECT raw FROM quarantine WHERE reason = 'machine is longer than 200 characters'`);
    expect(q!.raw.startsWith(`{"machine":"${'n'.repeat(100)}`)).toBe(true);
  });

  it('any non-blank Unicode name of at most 200 characters round-trips (property)', async () => {
    const fragment = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom(...HOSTILE_NAMES.map((n) => n.slice(0, 40))));
    const name = fc.array(fragment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('').slice(0, 200)).filter((n) => n.trim() !== '' && !/[\ud800-\udfff]$/.test(n));
    let ts = T0 + 1_000_000;
    await fc.assert(
      fc.asyncProperty(name, name, async (machine, sensor) => {
        const value = ts++;
        const { result } = await consumeLong([{ ts: value, machine, sensor, value }]);
        expect(result.stored).toBe(1);
        expect(await readingsOf(machine, sensor)).toContain(value);
      }),
      { numRuns: 50 },
    );
    await tablesIntact();
  });

  it('HTTP push /sensor and /push: hostile names stored and shown verbatim', async () => {
    const later = T0 + 86_400_000; // newer than the Kafka tests' readings of the same names
    for (const [i, name] of HOSTILE_NAMES.entries()) {
      const sensor = await push.store('/sensor', JSON.stringify({ event_time: new Date(later + i).toISOString(), machine_id: name, [name]: i }));
      expect(sensor, JSON.stringify(name)).toEqual({ stored: 1, quarantined: 0, refused: null });
      expect(await readingsOf(name, name)).toContain(i);
      const [latest] = await push.latest(name, 1);
      expect(latest!.machine_id).toBe(name);
      expect(Object.getOwnPropertyDescriptor(latest, name)?.value).toBe(i); // __proto__ too, as a plain field
      const device = `phone ${name}`.slice(0, 200);
      const phone = await push.store('/push', JSON.stringify({ deviceId: device, payload: [{ name, time: (later + i) * 1e6, values: { x: i } }] }));
      expect(phone).toEqual({ stored: 1, quarantined: 0, refused: null });
      expect(await readingsOf(device, `${name}.x`)).toEqual([i]);
    }
    await tablesIntact();
  });

  it('HTTP push: blank and 10 KB names are refused with the reason', async () => {
    const refusals = await Promise.all([
      push.store('/sensor', JSON.stringify({ machine_id: '', temperature: 1 })),
      push.store('/sensor', JSON.stringify({ machine_id: 'm', '': 1 })),
      push.store('/sensor', JSON.stringify({ machine_id: TEN_KB_NAME, temperature: 1 })),
      push.store('/push', JSON.stringify({ deviceId: 'p', payload: [{ name: ' ', time: T0 * 1e6, values: { x: 1 } }] })),
    ]);
    expect(refusals.map((r) => r.refused)).toEqual(['machine_id is blank', 'sensor name "" is blank', 'machine_id is longer than 200 characters', 'payload[0]: name is blank']);
    expect(refusals.every((r) => r.stored === 0 && r.quarantined === 1)).toBe(true);
  });
});
