import fc from 'fast-check';
import { BatchBuilder } from './kafka/batch-builder';
import type { FieldMap } from './kafka/field-map';
import { decodeMessage, FORMATS, type DecodeState, type KafkaFormat, type PayloadFormat } from './kafka/formats';

/**
 * Shared by the hostile-input tests: names a user may type or a sender may put in a payload, and
 * fast-check generators of messages that are valid, nearly valid, or junk for every decoder.
 */
export const T0 = Date.UTC(2026, 2, 1);

/** Names that must be stored and shown verbatim, never executed (all at most 200 characters). */
export const HOSTILE_NAMES = [
  "'); DROP TABLE readings; --",
  'x"; DELETE FROM machines; --',
  "O'Brien \"the\" `press`",
  'back\\slash\\\\',
  '%_ LIKE wildcards %',
  '$1 $name ? :param',
  'שלום‏ مرحبا \u202eRTL override',
  '🔥🏭 temp ⚙️ °C',
  'ZWJ 👩‍🔧 and combining é',
  'nul\u0000inside',
  'tab\tand\nnewline',
  '  leading and trailing  ',
  '__proto__',
  'constructor',
  'x'.repeat(200),
];
/** Longer than the 200 characters a JSON payload name may have: refused with that reason. */
export const TEN_KB_NAME = 'n'.repeat(10_240);

const junk = fc.constantFrom<unknown>(null, true, false, '', '   ', 'NaN', '1e999', '-0', [], {}, [1], { a: 1 }, 'Infinity');
const name = fc.oneof(fc.constantFrom<unknown>(...HOSTILE_NAMES, TEN_KB_NAME), fc.string({ maxLength: 12 }), fc.integer(), junk);
const value = fc.oneof({ weight: 4, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }, fc.double(), fc.integer(), fc.string({ maxLength: 5 }), junk);
const epochMs = fc.integer({ min: T0 - 1e10, max: T0 + 1e10 });
/** A time in every shape messageTime reads, and some it does not. */
export const timeValue = fc.oneof(
  epochMs.map((ms) => new Date(ms).toISOString()),
  epochMs.map((ms) => ms / 1000),
  epochMs,
  epochMs.map((ms) => ms * 1000),
  epochMs.map((ms) => String(ms)),
  fc.double(),
  fc.string({ maxLength: 30 }),
  fc.constant(undefined),
  junk,
);
const sensors = fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_NAMES), fc.string({ maxLength: 8 })), value, { maxKeys: 4 });
const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) => fc.record(fields, { requiredKeys: [] });

const payloads: Record<KafkaFormat, fc.Arbitrary<unknown>> = {
  servo: fc.tuple(partial({ machine_id: name, event_time: timeValue }), sensors).map(([head, rest]) => ({ ...rest, ...head })),
  fleet: partial({
    machine_id: name,
    timestamp: timeValue,
    readings: fc.oneof(partial({ readings: fc.oneof(sensors, junk), has_failure: fc.oneof(fc.boolean(), junk) }), junk),
  }),
  motor: partial({ machine_id: name, voltage: value, unix_time: fc.oneof(fc.double(), epochMs.map((ms) => ms / 1000), junk), date_time: timeValue }),
  sensorlogger: partial({
    deviceId: name,
    payload: fc.oneof(fc.array(fc.oneof(partial({ name, time: fc.oneof(epochMs.map((ms) => ms * 1e6), timeValue), values: fc.oneof(sensors, junk) }), junk), { maxLength: 3 }), junk),
  }),
  long: partial({ machine: name, sensor: name, value, ts: timeValue }),
  csv: fc.constant(null), // text, below
};

const cell = fc.oneof(fc.constantFrom(...HOSTILE_NAMES.filter((n) => !/[,\n]/.test(n))), fc.string({ maxLength: 6 }), value.map(String));
const csvLine = fc.oneof(
  fc.tuple(timeValue.map((t) => (t === undefined ? '' : String(t))), cell, cell, value.map(String)).map((cells) => cells.join(',')),
  fc.array(cell, { maxLength: 6 }).map((cells) => cells.join(',')),
  fc.constant('ts,machine,sensor,value'),
);

/** The JSON payload objects of a JSON format, valid and nearly valid (fields missing, wrong types, hostile names). */
export function messagePayload(format: Exclude<KafkaFormat, 'csv'>): fc.Arbitrary<unknown> {
  return payloads[format];
}

/** Message text for `format`: near-valid JSON (or CSV lines), arbitrary JSON, or arbitrary text. */
export function messageText(format: KafkaFormat): fc.Arbitrary<string> {
  const shaped = format === 'csv' ? fc.array(csvLine, { minLength: 0, maxLength: 4 }).map((lines) => lines.join('\n')) : payloads[format].map((p) => JSON.stringify(p));
  return fc.oneof({ weight: 6, arbitrary: shaped }, fc.json({ maxDepth: 3 }), fc.string({ unit: 'binary', maxLength: 40 }));
}

/** Arbitrary bytes, most of them not UTF-8, some empty. */
export const messageBytes = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.constant(new Uint8Array(0))).map((b) => Buffer.from(b));

const KEYS = ['a', 'b', 'ts', 'm', 'data'] as const;
const mapPath = fc.array(fc.constantFrom<string>(...KEYS, '0', '__proto__'), { minLength: 1, maxLength: 3 }).map((p) => p.join('.'));

/** A valid field mapping over a small set of keys, wide or long, machine by path or by constant. */
export const fieldMap: fc.Arbitrary<FieldMap> = fc
  .record({
    time: fc.option(mapPath, { nil: undefined }),
    timeUnit: fc.constantFrom(undefined, 's', 'ms', 'us', 'ns', 'iso'),
    machine: fc.oneof(mapPath.map((p) => ({ machine: p })), fc.constantFrom(...HOSTILE_NAMES).map((n) => ({ machineConst: n.trim() === '' ? 'm' : n }))),
    values: fc.oneof(
      fc.dictionary(fc.constantFrom(...HOSTILE_NAMES.filter((n) => n !== '__proto__')), mapPath, { minKeys: 1, maxKeys: 3 }).map((values) => ({ values })),
      fc.record({ sensor: mapPath, value: mapPath }),
    ),
  })
  .map(({ time, timeUnit, machine, values }) => ({ ...(time === undefined ? {} : { time, ...(timeUnit ? { timeUnit } : {}) }), ...machine, ...values }) as FieldMap);

/** JSON messages over the mapping's keys: nested objects and arrays of names, numbers, times and junk. */
const mapLeaf = fc.oneof(value, name, timeValue);
const { node: mapNode } = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, mapLeaf, fc.dictionary(fc.constantFrom<string>(...KEYS), tie('node'), { maxKeys: 4 }), fc.array(tie('node'), { maxLength: 2 })),
}));
export const mappedText = fc.oneof({ weight: 5, arbitrary: fc.dictionary(fc.constantFrom<string>(...KEYS), mapNode, { maxKeys: 5 }).map((o) => JSON.stringify(o)) }, fc.string({ maxLength: 20 }));

/** A format and a batch of message values for it (null = a tombstone, no value). */
export const formatAndMessages: fc.Arbitrary<{ format: PayloadFormat; values: (Buffer | null)[] }> = fc.oneof(
  ...FORMATS.map((format) =>
    fc.array(fc.oneof({ weight: 8, arbitrary: messageText(format).map((t) => Buffer.from(t)) }, messageBytes, fc.constant(null)), { maxLength: 12 }).map((values) => ({ format: format as PayloadFormat, values })),
  ),
  fc.tuple(fieldMap, fc.array(mappedText.map((t) => Buffer.from(t)), { maxLength: 12 })).map(([format, values]) => ({ format, values })),
);

export interface DecodedBatch {
  builder: BatchBuilder;
  state: DecodeState;
  /** Per message: readings added and rejections added. */
  perMessage: { rows: number; rejected: number }[];
}

/** Decodes values as offsets 0.. of `t/0`, recording what each message added. */
export function decodeAll(format: PayloadFormat, values: readonly (Buffer | null)[], kafkaTs = T0): DecodedBatch {
  const builder = new BatchBuilder('t/0');
  const state: DecodeState = { failing: new Map(), events: [] };
  const perMessage = values.map((value, i) => {
    const rows = builder.length;
    const rejected = builder.rejected.length;
    decodeMessage(format, { value, timestamp: String(kafkaTs), offset: String(i) }, builder, state);
    return { rows: builder.length - rows, rejected: builder.rejected.length - rejected };
  });
  return { builder, state, perMessage };
}
