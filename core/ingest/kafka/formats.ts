import type { LabEvent, SensorSpec } from '../../model';
import { createProfile } from '../../sim/profiles';
import { TooManyNamesError, type BatchBuilder } from './batch-builder';
import { decodeMapped, type FieldMap } from './field-map';
import { MAP_FORMAT, type KafkaFormat } from './format-names';
import { MAX_VALID_TS, MIN_VALID_TS } from '../prepare';
import { nameOf, nameProblem, parseObject } from './message-json';
import { messageTime } from './timestamp';

/** One Kafka message as the decoders see it (kafkajs's fields). */
export interface RawMessage {
  value: Buffer | null;
  /** Kafka's own timestamp, epoch ms as a string. */
  timestamp: string;
  offset: string;
}

export { FORMATS, MAP_FORMAT, type KafkaFormat } from './format-names';

/** What messages are decoded with: a built-in format by name, or a user's field mapping (format `map`). */
export type PayloadFormat = KafkaFormat | FieldMap;

/** The format's name as users see it in summaries and previews. */
export function formatNameOf(format: PayloadFormat): KafkaFormat | typeof MAP_FORMAT {
  return typeof format === 'string' ? format : MAP_FORMAT;
}

/** The format a simulator profile publishes by default. */
export function defaultFormatOf(profile: string): KafkaFormat {
  return profile === 'fleet' ? 'fleet' : profile === 'motor' || profile === 'press' ? 'motor' : 'servo';
}

/** Sensor ranges a format implies (the profiles that publish it), so bad values are quarantined. */
export function sensorsOfFormat(format: PayloadFormat): SensorSpec[] {
  if (format === 'servo' || format === 'fleet' || format === 'motor') return [...createProfile(format).sensors];
  return [];
}

/** State a decoder keeps across batches of one partition (fleet: each machine's failure flag). */
export interface DecodeState {
  failing: Map<string, boolean>;
  events: LabEvent[];
}

type Decoder = (text: string, fallbackTs: number, offset: number, out: BatchBuilder, state: DecodeState) => string | null;

/**
 * The largest message value decoded. Kafka brokers default to 1 MB and the consumer fetches at
 * most 10 MB per partition (though Kafka hands over one larger message whole); anything bigger is
 * quarantined unread instead of being turned into a string and parsed.
 */
export const MAX_MESSAGE_BYTES = 16 << 20;
/** How much of a refused oversized message quarantine keeps (the builder cuts raw text there too). */
const OVERSIZED_PREFIX_BYTES = 10_000;

/** Decodes one message into `out`; a message that cannot be stored whole goes to quarantine with the reason. */
export function decodeMessage(format: PayloadFormat, message: RawMessage, out: BatchBuilder, state: DecodeState): void {
  const offset = Number(message.offset);
  if (message.value !== null && message.value.length > MAX_MESSAGE_BYTES) {
    const raw = message.value.subarray(0, OVERSIZED_PREFIX_BYTES).toString('utf8');
    return out.reject(offset, raw, `message larger than ${MAX_MESSAGE_BYTES >> 20} MB (${message.value.length} bytes); not decoded`);
  }
  const text = message.value === null ? '' : message.value.toString('utf8');
  if (message.value === null || text.trim() === '') return out.reject(offset, text, 'empty message');
  const mark = out.mark();
  const fallback = Number(message.timestamp);
  let problem: string | null;
  try {
    problem = typeof format === 'string' ? DECODERS[format](text, fallback, offset, out, state) : decodeMapped(format, text, fallback, offset, out);
  } catch (e) {
    if (!(e instanceof TooManyNamesError)) throw e;
    problem = e.message;
  }
  // A message that decodes to nothing (a header-only CSV, an empty payload[]) is not silently dropped.
  if (problem === null && out.length === mark.length) problem = 'no readings in the message';
  if (problem !== null) {
    out.rollback(mark); // all or nothing per message, its names included
    out.reject(offset, text, problem);
  }
}

/** Adds every field of `fields` as a sensor reading; all must be numbers. */
function addNumericFields(fields: Record<string, unknown>, ts: number, machine: string, offset: number, out: BatchBuilder, prefix = ''): string | null {
  let added = 0;
  for (const [key, value] of Object.entries(fields)) {
    if (nameOf(key) === null) return nameProblem(key, `sensor name ${prefix}"${key.slice(0, 20)}"`);
    if (typeof value !== 'number') return `value of ${prefix}${key} is not a number`;
    out.add(ts, machine, `${prefix}${key}`, value, offset);
    added++;
  }
  return added ? null : 'no readings in the message';
}

const servo: Decoder = (text, fallback, offset, out) => {
  const json = parseObject(text);
  if (typeof json === 'string') return json;
  const { machine_id: id, event_time: time, ...fields } = json;
  const machine = nameOf(id);
  if (machine === null) return nameProblem(id, 'machine_id');
  const ts = messageTime(time, fallback);
  if (typeof ts === 'string') return ts;
  return addNumericFields(fields, ts, machine, offset, out);
};

const fleet: Decoder = (text, fallback, offset, out, state) => {
  const json = parseObject(text);
  if (typeof json === 'string') return json;
  const machine = nameOf(json.machine_id);
  if (machine === null) return nameProblem(json.machine_id, 'machine_id');
  const ts = messageTime(json.timestamp, fallback);
  if (typeof ts === 'string') return ts;
  const outer = json.readings as { readings?: unknown; has_failure?: unknown } | undefined;
  if (typeof outer !== 'object' || outer === null || typeof outer.readings !== 'object' || outer.readings === null) return 'missing readings.readings';
  if (outer.has_failure !== undefined && typeof outer.has_failure !== 'boolean') return 'readings.has_failure is not a boolean';
  const problem = addNumericFields(outer.readings as Record<string, unknown>, ts, machine, offset, out);
  // A time prepareBatch will quarantine (or the store could not hold) makes no failure event either.
  if (problem === null && typeof outer.has_failure === 'boolean' && ts >= MIN_VALID_TS && ts < MAX_VALID_TS) {
    const was = state.failing.get(machine) ?? false;
    if (outer.has_failure && !was) state.events.push({ machine, kind: 'failure', onset: ts, failure: null, source: 'kafka', detail: { offset } });
    state.failing.set(machine, outer.has_failure);
  }
  return problem;
};

const motor: Decoder = (text, fallback, offset, out) => {
  const json = parseObject(text);
  if (typeof json === 'string') return json;
  if (typeof json.voltage !== 'number') return json.voltage === undefined ? 'missing voltage' : 'value of voltage is not a number';
  const ts = messageTime(json.unix_time ?? json.date_time, fallback, json.unix_time !== undefined ? 's' : undefined);
  if (typeof ts === 'string') return ts;
  const machine = json.machine_id === undefined ? 'motor' : nameOf(json.machine_id);
  if (machine === null) return nameProblem(json.machine_id, 'machine_id');
  out.add(ts, machine, 'voltage', json.voltage, offset);
  return null;
};

const sensorLogger: Decoder = (text, _fallback, offset, out) => {
  const json = parseObject(text);
  if (typeof json === 'string') return json;
  const device = nameOf(json.deviceId);
  if (device === null) return nameProblem(json.deviceId, 'deviceId');
  if (!Array.isArray(json.payload)) return 'missing payload[]';
  for (const [i, entry] of (json.payload as unknown[]).entries()) {
    const item = entry as { name?: unknown; time?: unknown; values?: unknown };
    const name = nameOf(item?.name);
    if (name === null) return `payload[${i}]: ${nameProblem(item?.name, 'name')}`;
    const ts = messageTime(item.time, NaN, 'ns');
    if (typeof ts === 'string' || Number.isNaN(ts)) return `payload[${i}]: ${typeof ts === 'string' ? ts : 'missing time'}`;
    if (typeof item.values !== 'object' || item.values === null) return `payload[${i}]: missing values`;
    const problem = addNumericFields(item.values as Record<string, unknown>, ts, device, offset, out, `${name}.`);
    if (problem !== null) return `payload[${i}]: ${problem}`;
  }
  return null;
};

const long: Decoder = (text, fallback, offset, out) => {
  const json = parseObject(text);
  if (typeof json === 'string') return json;
  const machine = nameOf(json.machine);
  const sensor = nameOf(json.sensor);
  if (machine === null || sensor === null) return machine === null ? nameProblem(json.machine, 'machine') : nameProblem(json.sensor, 'sensor');
  if (typeof json.value !== 'number') return json.value === undefined ? 'missing value' : `value of ${sensor} is not a number`;
  const ts = messageTime(json.ts, fallback);
  if (typeof ts === 'string') return ts;
  out.add(ts, machine, sensor, json.value, offset);
  return null;
};

/** `ts,machine,sensor,value` per line (a header line is skipped). */
const csv: Decoder = (text, fallback, offset, out) => {
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || /^\s*(ts|time|timestamp)\s*,/i.test(line)) continue;
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== 4) return `expected 4 fields (ts,machine,sensor,value), got ${cells.length}`;
    const [time, machine, sensor, raw] = cells as [string, string, string, string];
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) return `value of ${sensor} is not a number`;
    if (!machine || !sensor) return 'missing machine or sensor';
    const ts = messageTime(time === '' ? undefined : time, fallback);
    if (typeof ts === 'string') return ts;
    out.add(ts, machine, sensor, value, offset);
  }
  return null;
};

const DECODERS: Record<KafkaFormat, Decoder> = { servo, fleet, motor, sensorlogger: sensorLogger, long, csv };
