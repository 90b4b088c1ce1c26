import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAll, fieldMap, formatAndMessages, mappedText, messageBytes, messageText, T0, TEN_KB_NAME } from '../hostile-test-util';
import { BatchBuilder } from './batch-builder';
import { fieldMapSchema } from './field-map';
import { decodeMessage, FORMATS, MAX_MESSAGE_BYTES, type PayloadFormat } from './formats';
import { messageTime, type EpochUnit } from './timestamp';

/**
 * Hostile input for the Kafka (and HTTP push) decoders: whatever the bytes, decodeMessage never
 * throws, and every message adds either readings or exactly one quarantine row — never both,
 * never neither — leaving no names behind when it is rejected.
 */
function expectCountsAddUp(format: PayloadFormat, values: (Buffer | null)[]): void {
  const { builder, perMessage } = decodeAll(format, values);
  for (const [i, m] of perMessage.entries()) {
    expect(m.rows > 0 ? m.rejected : m.rejected - 1, `message ${i}: ${String(values[i]).slice(0, 200)}`).toBe(0);
  }
  const batch = builder.build();
  expect(batch.length).toBe(perMessage.reduce((n, m) => n + m.rows, 0));
  expect(builder.rejected.length).toBe(perMessage.reduce((n, m) => n + m.rejected, 0));
  // Every name in the batch's dictionaries belongs to a reading (rejected messages roll theirs back).
  expect(new Set(batch.machine).size).toBe(batch.machines.length);
  expect(new Set(batch.sensor).size).toBe(batch.sensors.length);
  for (const r of builder.rejected) {
    expect(r.reason).toMatch(/^[^\n\r]{1,301}$/); // one line, even when it quotes a hostile name
    expect(r.location).toMatch(/^t\/0@\d+$/);
  }
  for (let i = 0; i < batch.length; i++) {
    expect(Number.isNaN(batch.ts[i])).toBe(false);
    expect(batch.machines[batch.machine[i]!]!.trim()).not.toBe('');
    expect(batch.sensors[batch.sensor[i]!]!.trim()).not.toBe('');
  }
}

describe('decodeMessage on hostile input', () => {
  it.each(FORMATS)('%s: near-valid, arbitrary JSON and arbitrary text never throw; counts add up', (format) => {
    fc.assert(
      fc.property(fc.array(messageText(format).map((t) => Buffer.from(t)), { maxLength: 8 }), (values) => expectCountsAddUp(format, values)),
      { numRuns: 300 },
    );
  });

  it('every format: arbitrary bytes and tombstones never throw; counts add up', () => {
    const formats = fc.constantFrom<PayloadFormat>(...FORMATS);
    fc.assert(fc.property(formats, fc.array(fc.oneof(messageBytes, fc.constant(null)), { maxLength: 8 }), (format, values) => expectCountsAddUp(format, values)), { numRuns: 300 });
  });

  it('a random field mapping (format map): counts add up for any message', () => {
    fc.assert(
      fc.property(fieldMap, fc.array(mappedText.map((t) => Buffer.from(t)), { maxLength: 8 }), (map, values) => {
        expect(fieldMapSchema.safeParse(map).success).toBe(true);
        expectCountsAddUp(map, values);
      }),
      { numRuns: 300 },
    );
  });

  it('mixed batches of every format and mapping', () => {
    fc.assert(fc.property(formatAndMessages, ({ format, values }) => expectCountsAddUp(format, values)), { numRuns: 200 });
  });

  // Regression examples the properties found (kept as plain tests).
  it('a rejected message leaves no machine or sensor name behind', () => {
    const { builder } = decodeAll('servo', [Buffer.from('{"machine_id":"ghost","a":1,"b":"x"}'), Buffer.from('{"machine_id":"M","t":1}')]);
    expect([builder.machines, builder.sensors]).toEqual([['M'], ['t']]);
  });

  it('more than 65,535 names in one batch quarantine the message instead of throwing', () => {
    const fields = Object.fromEntries(Array.from({ length: 70_000 }, (_, i) => [`s${i}`, i]));
    const { builder, perMessage } = decodeAll('servo', [Buffer.from(JSON.stringify({ machine_id: 'M', ...fields })), Buffer.from('{"machine_id":"M","t":1}')]);
    expect(perMessage).toEqual([
      { rows: 0, rejected: 1 },
      { rows: 1, rejected: 0 },
    ]);
    expect(builder.rejected[0]!.reason).toBe('more than 65,535 distinct names in one batch');
    expect(builder.sensors).toEqual(['t']);
  });

  it('a message that decodes to nothing is quarantined, not dropped', () => {
    const { builder } = decodeAll('sensorlogger', [Buffer.from('{"deviceId":"p","payload":[]}')]);
    const csv = decodeAll('csv', [Buffer.from('ts,machine,sensor,value\n\n')]);
    expect([...builder.rejected, ...csv.builder.rejected].map((r) => r.reason)).toEqual(['no readings in the message', 'no readings in the message']);
  });

  it('says why a name is refused: blank, too long, or not text', () => {
    const reasons = ['{"machine":" ","sensor":"s","value":1}', `{"machine":"m","sensor":"${TEN_KB_NAME}","value":1}`, '{"machine":{},"sensor":"s","value":1}', '{"machine_id":[1],"voltage":1}'];
    const long = decodeAll('long', reasons.slice(0, 3).map((r) => Buffer.from(r)));
    const motor = decodeAll('motor', [Buffer.from(reasons[3]!)]);
    const servo = decodeAll('servo', ['{"machine_id":"M","":1}', '{"machine_id":"M","tab\\tand\\nnewline":"x"}'].map((r) => Buffer.from(r)));
    expect([...long.builder.rejected, ...motor.builder.rejected, ...servo.builder.rejected].map((r) => r.reason)).toEqual([
      'machine is blank',
      'sensor is longer than 200 characters',
      'machine is not a name (a object)',
      'machine_id is not a name (a list)',
      'sensor name "" is blank', // an empty key used to become a sensor named ''
      'value of tab\\tand\\nnewline is not a number', // one line, the name's control characters escaped
    ]);
  });

  it('fleet: a failure at a time the store cannot hold makes no event (it used to fail the whole batch)', () => {
    const msg = (ts: string) => Buffer.from(`{"machine_id":"F","timestamp":${ts},"readings":{"readings":{"a":1},"has_failure":true}}`);
    const { state, perMessage } = decodeAll('fleet', [msg('1e300'), msg('"9999-01-01T00:00:00Z"')]);
    expect(perMessage.every((m) => m.rows === 1)).toBe(true); // prepareBatch quarantines them by time
    expect(state.events).toEqual([]);
  });

  it('refuses a 100 MB message unread, with its size, and goes on with the next', () => {
    const huge = Buffer.alloc(100 << 20, '{"machine":"m","sensor":"s","value":1}');
    const out = new BatchBuilder('t/0');
    const state = { failing: new Map(), events: [] };
    const started = performance.now();
    decodeMessage('long', { value: huge, timestamp: String(T0), offset: '7' }, out, state);
    decodeMessage('long', { value: Buffer.from('{"machine":"m","sensor":"s","value":2}'), timestamp: String(T0), offset: '8' }, out, state);
    expect(performance.now() - started).toBeLessThan(1000); // not parsed
    expect(out.rejected).toHaveLength(1);
    expect(out.rejected[0]!.reason).toBe(`message larger than 16 MB (${100 << 20} bytes); not decoded`);
    expect(out.rejected[0]!.location).toBe('t/0@7');
    expect(out.rejected[0]!.raw.length).toBeLessThanOrEqual(10_001);
    expect(out.length).toBe(1);
    const limit = Buffer.alloc(MAX_MESSAGE_BYTES, ' ');
    decodeMessage('long', { value: limit, timestamp: String(T0), offset: '9' }, out, state);
    expect(out.rejected[1]!.reason).toBe('empty message'); // at the limit it is still read
  });
});

describe('messageTime on hostile input', () => {
  const units = fc.constantFrom<EpochUnit | undefined>(undefined, 's', 'ms', 'us', 'ns');

  it('anything: never throws; a finite number of ms or a one-line reason', () => {
    const anyValue = fc.oneof(fc.anything(), fc.double(), fc.string(), fc.stringMatching(/^\s*-?\d{1,400}(\.\d{1,20})?\s*$/));
    fc.assert(
      fc.property(anyValue, units, (value, unit) => {
        const t = messageTime(value, T0, unit);
        if (typeof t === 'string') expect(t).toMatch(/^[^\n]{1,200}$/);
        else expect(Number.isFinite(t)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips ISO text with any zone, and epoch s/ms/µs/ns by unit and by magnitude', () => {
    const ms = fc.integer({ min: Date.UTC(1974, 0, 1), max: Date.UTC(2199, 11, 31) });
    fc.assert(
      fc.property(ms, fc.integer({ min: -14 * 60, max: 14 * 60 }), (t, offsetMin) => {
        const iso = new Date(t).toISOString();
        expect(messageTime(iso, 0)).toBe(t);
        expect(messageTime(iso.replace('T', ' ').replace('Z', ''), 0)).toBe(t); // no zone = UTC
        const local = new Date(t + offsetMin * 60_000).toISOString().slice(0, -1);
        const zone = `${offsetMin < 0 ? '-' : '+'}${String(Math.floor(Math.abs(offsetMin) / 60)).padStart(2, '0')}:${String(Math.abs(offsetMin) % 60).padStart(2, '0')}`;
        expect(messageTime(local + zone, 0)).toBe(t);
        const s = Math.floor(t / 1000);
        expect(messageTime(s, 0)).toBe(s * 1000);
        expect(messageTime(String(s), 0, 's')).toBe(s * 1000);
        expect(messageTime(t, 0)).toBe(t);
        expect(messageTime(t * 1000, 0)).toBe(t);
        expect(messageTime(t * 1000 + 500, 0, 'us')).toBe(t + 0.5);
        expect(messageTime(t * 1e6, 0)).toBeCloseTo(t, 2); // a JSON number of ns is exact to ~256 ns only
        expect(messageTime(t * 1e6, 0, 'ns')).toBeCloseTo(t, 2);
      }),
      { numRuns: 500 },
    );
  });

  it('regression: an epoch whose milliseconds overflow is a reason, not Infinity', () => {
    expect(messageTime(1e308, 0, 's')).toBe('timestamp 1e+308 is out of range');
    expect(messageTime('9'.repeat(400), 0)).toMatch(/^timestamp 9{80} is not a number$/);
  });
});
