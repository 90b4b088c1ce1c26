import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLabError } from '../model';
import { decodeRequest } from '../bridge/protocol';
import { MEMORY } from '../store/workspace';
import { HOSTILE_NAMES } from '../ingest/hostile-test-util';
import { Lab, type LabSession } from './lab';
import { LAB_METHODS } from './methods';
import { requestSchemas, type LabMethod } from './schemas';

/**
 * Hostile API requests: whatever a page, a bridge client or the WebSocket sends, the request
 * decoder never throws, and every LabApi method either answers or rejects with a LabError whose
 * code is not `internal` and whose message is one line — never a crash, never a hang.
 */
describe('decodeRequest on hostile frames', () => {
  const frame = fc.oneof(
    fc.string(),
    fc.json(),
    fc.record({ id: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)), method: fc.oneof(fc.constantFrom(...LAB_METHODS), fc.string(), fc.integer()), params: fc.jsonValue() }, { requiredKeys: [] }).map((r) => JSON.stringify(r)),
  );

  it('never throws: a request with an integer id and a method name, or an invalid_input envelope', () => {
    fc.assert(
      fc.property(frame, (text) => {
        const r = decodeRequest(text);
        if (r.ok) {
          expect(Number.isSafeInteger(r.id)).toBe(true);
          expect(typeof r.method).toBe('string');
        } else {
          expect(r.error.code).toBe('invalid_input');
          expect(r.error.message).toMatch(/^[^\n]+$/);
        }
      }),
      { numRuns: 500 },
    );
  });
});

/** Methods that would start something long-running (or reach the network) if a request happened to be valid. */
const STARTERS = new Set<string>(['simulationStart', 'kafkaStart', 'kafkaTest', 'kafkaPreview', 'httpStart', 'trainStart', 'demoOpen', 'importRun']);

/** The top-level keys a method's schema knows (through refinements), so generated params get past "unknown key". */
function keysOf(schema: z.ZodType): string[] {
  let node = schema as unknown as { shape?: Record<string, unknown>; def?: { in?: unknown; schema?: unknown; innerType?: unknown } };
  for (let i = 0; i < 5 && node && !node.shape; i++) node = (node.def?.in ?? node.def?.schema ?? node.def?.innerType) as typeof node;
  return node?.shape ? Object.keys(node.shape) : [];
}

const T0 = Date.UTC(2026, 2, 1);
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom<unknown>(...HOSTILE_NAMES, 'x'.repeat(20_000), -1, 0, 1, 10, 1e308, -1e308, Number.MAX_SAFE_INTEGER, true, [], {}),
  // Values some schema takes, so requests get past validation into the engine.
  fc.constantFrom<unknown>('temperature', 'csv', 'parquet', 'servo', 'series', '1m', '10s', 'avg', 'max', 'info', 'SELECT 1', 'SELECT * FROM readings', "SELECT read_text('/etc/passwd')"),
  fc.integer({ min: T0 - 86_400_000, max: T0 + 86_400_000 }),
  fc.double(),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...HOSTILE_NAMES)), { maxLength: 3 }),
  fc.record({ machine: fc.constantFrom(...HOSTILE_NAMES), sensor: fc.constantFrom('temperature', ...HOSTILE_NAMES) }),
);

/** Params for `method`: near-valid objects over its own keys, arbitrary JSON, and (for starters) only invalid ones. */
function paramsFor(method: string): fc.Arbitrary<unknown> {
  const keys = keysOf(requestSchemas[method as LabMethod]);
  const nearValid = keys.length
    ? fc.oneof(fc.record(Object.fromEntries(keys.map((k) => [k, hostileValue])), { requiredKeys: [] }), fc.dictionary(fc.constantFrom(...keys), hostileValue, { maxKeys: keys.length }))
    : fc.constant({});
  if (!STARTERS.has(method)) return fc.oneof({ weight: 3, arbitrary: nearValid }, fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));
  // Every schema is strict: an unknown key, or a value that is not an object at all, never validates.
  const notAnObject = fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }));
  return fc.oneof(nearValid.map((p) => ({ ...p, hostileUnknownKey: 1 })), notAnObject);
}

const HANG_MS = 10_000;

describe('LabSession.call with hostile params', () => {
  let lab: Lab;
  let session: LabSession;
  beforeAll(async () => {
    lab = await Lab.open(MEMORY);
    session = lab.session(() => {});
    // A series to find, so near-valid requests also reach the queries behind validation.
    await lab.ingestor.ingest(
      { length: 2, ts: Float64Array.of(Date.UTC(2026, 2, 1), Date.UTC(2026, 2, 1, 0, 0, 1)), machine: Uint16Array.of(0, 0), sensor: Uint16Array.of(0, 0), value: Float64Array.of(1, 2), machines: [HOSTILE_NAMES[0]!], sensors: ['temperature'] },
      { source: 'test' },
    );
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('every method is covered by a schema', () => {
    expect([...LAB_METHODS].sort()).toEqual(Object.keys(requestSchemas).sort());
  });

  it.each([...LAB_METHODS])('%s: answers or rejects with a one-line LabError, never internal, never hangs', async (method) => {
    await fc.assert(
      fc.asyncProperty(paramsFor(method), async (params) => {
        let timer: NodeJS.Timeout | undefined;
        const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS)));
        const outcome = await Promise.race([session.call(method, params).then(() => null, (e: unknown) => e), hang]);
        clearTimeout(timer);
        expect(outcome, `${method} hung`).not.toBe('hang');
        if (outcome === null) {
          expect(STARTERS.has(method), `${method} accepted ${JSON.stringify(params)}`).toBe(false);
          return;
        }
        expect(isLabError(outcome), `${method}: ${String(outcome)}`).toBe(true);
        const error = outcome as { code: string; message: string };
        expect(error.code, error.message).not.toBe('internal');
        expect(error.message).toMatch(/^[^\n]+$/);
      }),
      { numRuns: 40 },
    );
    // Nothing was started by chance.
    expect(lab.simulation.status().running).toBe(false);
    expect(lab.http.status().running).toBe(false);
    expect(lab.kafka.status().running).toBe(false);
  });

  it('valid requests naming hostile machines, sensors, sources and SQL reach the engine: answers or one-line LabErrors', async () => {
    const name = fc.oneof(fc.constantFrom(...HOSTILE_NAMES, 'temperature'), fc.string({ minLength: 1, maxLength: 12 }));
    const sql = fc.oneof(fc.string({ minLength: 1 }), name.map((n) => `SELECT * FROM readings r JOIN machines m ON m.id = r.machine WHERE m.name = '${n.replaceAll("'", "''")}'`), name);
    const request = fc.oneof(
      fc.tuple(name, name).map(([machine, sensor]) => ['m4', { machine, sensor, from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 2, 2), buckets: 10 }] as const),
      fc.tuple(name, name).map(([machine, sensor]) => ['stats', { machine, sensor }] as const),
      fc.tuple(name, name).map(([machine, sensor]) => ['cyclesList', { machine, sensor }] as const),
      fc.tuple(name, name).map(([machine, sensor]) => ['windows', { machine, sensor, every: '1m', agg: 'avg' }] as const),
      name.map((sensor) => ['hot', { sensor, above: 0 }] as const),
      name.map((machine) => ['timeRange', { machine }] as const),
      name.map((source) => ['quarantine', { source }] as const),
      sql.map((text) => ['sql', { sql: text }] as const),
    );
    await fc.assert(
      fc.asyncProperty(request, async ([method, params]) => {
        const error = await session.call(method, params).then(() => null, (e: unknown) => e);
        if (error === null) return;
        expect(isLabError(error), `${method}: ${String(error)}`).toBe(true);
        expect((error as { code: string }).code, (error as Error).message).not.toBe('internal');
        expect((error as Error).message).toMatch(/^[^\n]+$/);
      }),
      { numRuns: 150 },
    );
    // Regression: a name with a line break made a two-line error message.
    await expect(session.call('stats', { machine: 'tab\tand\nnewline' })).rejects.toMatchObject({ code: 'not_found', message: 'unknown machine "tab\\tand\\nnewline"' });
    const [intact] = await lab.ws.rows<{ n: bigint }>(`SELECT count(*) AS n FROM readings`);
    expect(intact!.n).toBe(2n);
  });

  it('unknown and prototype method names are unknown methods', async () => {
    for (const method of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'parse', 'call', '', 'x'.repeat(10_000)]) {
      await expect(session.call(method, {})).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^unknown method /) });
    }
  });
});
