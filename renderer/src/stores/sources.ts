import { create } from 'zustand';
import type { LabRequest } from '../../../core/api/schemas';
import type { HttpListenStatus } from '../../../core/api/http-contract';
import type { KafkaPreview, KafkaStatus, KafkaTestResult } from '../../../core/api/kafka-contract';
import { MAP_FORMAT, type KafkaFormat } from '../../../core/ingest/kafka/format-names';

export interface KafkaForm {
  brokers: string;
  /** Comma-separated names, or one regular expression when `regex` is on. */
  topics: string;
  regex: boolean;
  groupId: string;
  format: KafkaFormat | typeof MAP_FORMAT;
  /** The field mapping as JSON text, for format `map`. */
  mapping: string;
  from: 'earliest' | 'latest';
  sasl: '' | 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
  ssl: boolean;
  verify: boolean;
}

export interface HttpForm {
  lan: boolean;
  port: string;
}

interface SourcesState {
  kafkaForm: KafkaForm;
  kafkaStatus: KafkaStatus | null;
  kafkaTest: KafkaTestResult | null;
  kafkaPreview: KafkaPreview | null;
  httpForm: HttpForm;
  httpStatus: HttpListenStatus | null;
  setKafkaForm(patch: Partial<KafkaForm>): void;
  setKafka(patch: Partial<Pick<SourcesState, 'kafkaStatus' | 'kafkaTest' | 'kafkaPreview'>>): void;
  setHttpForm(patch: Partial<HttpForm>): void;
  setHttpStatus(status: HttpListenStatus): void;
}

export const useSources = create<SourcesState>((set) => ({
  kafkaForm: { brokers: '127.0.0.1:9092', topics: 'servo', regex: false, groupId: 'servolab', format: 'servo', mapping: '{\n  "time": "ts",\n  "machine": "device",\n  "values": { "temperature": "data.temp" }\n}', from: 'earliest', sasl: '', username: '', password: '', ssl: false, verify: true },
  kafkaStatus: null,
  kafkaTest: null,
  kafkaPreview: null,
  httpForm: { lan: false, port: '0' },
  httpStatus: null,
  setKafkaForm: (patch) => set((s) => ({ kafkaForm: { ...s.kafkaForm, ...patch } })),
  setKafka: (patch) => set(patch),
  setHttpForm: (patch) => set((s) => ({ httpForm: { ...s.httpForm, ...patch } })),
  setHttpStatus: (httpStatus) => set({ httpStatus }),
}));

type Connection = LabRequest<'kafkaTest'>['connection'];

/** The form's problems, field by field (shown inline; the buttons stay off while any is set). */
type KafkaField = 'brokers' | 'topics' | 'groupId' | 'username' | 'mapping';

export function kafkaFormErrors(f: KafkaForm): Partial<Record<KafkaField, string>> {
  const errors: Partial<Record<KafkaField, string>> = {};
  if (f.format === MAP_FORMAT && typeof parseMapping(f.mapping) === 'string') errors.mapping = parseMapping(f.mapping) as string;
  const brokers = splitList(f.brokers);
  if (brokers.length === 0 || brokers.some((b) => !/^[\w.-]+:\d{1,5}$/.test(b))) errors.brokers = 'brokers are host:port, comma-separated';
  if (f.regex) {
    try {
      new RegExp(f.topics);
      if (f.topics.trim() === '') errors.topics = 'give a regular expression';
    } catch {
      errors.topics = 'not a valid regular expression';
    }
  } else if (splitList(f.topics).length === 0 || splitList(f.topics).some((t) => !/^[\w.-]+$/.test(t))) {
    errors.topics = 'topic names are letters, digits, . _ -';
  }
  if (f.groupId.trim() === '') errors.groupId = 'give a consumer group';
  if (f.sasl && f.username.trim() === '') errors.username = 'SASL needs a user name';
  return errors;
}

export function kafkaConnection(f: KafkaForm): Connection {
  return {
    brokers: splitList(f.brokers),
    ...(f.ssl ? { ssl: { verify: f.verify } } : {}),
    ...(f.sasl ? { sasl: { mechanism: f.sasl, username: f.username.trim(), password: f.password } } : {}),
  } as Connection;
}

/** The mapping object, or why the text is not one (the engine checks the fields themselves). */
export function parseMapping(text: string): Record<string, unknown> | string {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : 'the mapping is a JSON object';
  } catch (e) {
    return `mapping: ${e instanceof Error ? e.message : 'not JSON'}`;
  }
}

/** `format` plus, for `map`, its `mapping` object — what kafkaStart and kafkaPreview take. */
export function kafkaFormat(f: KafkaForm): { format: KafkaForm['format']; mapping?: Record<string, unknown> } {
  const mapping = f.format === MAP_FORMAT ? parseMapping(f.mapping) : null;
  return mapping && typeof mapping !== 'string' ? { format: f.format, mapping } : { format: f.format };
}

export function kafkaStartRequest(f: KafkaForm): LabRequest<'kafkaStart'> {
  return {
    connection: kafkaConnection(f),
    groupId: f.groupId.trim(),
    ...kafkaFormat(f),
    from: f.from,
    ...(f.regex ? { topicRegex: f.topics } : { topics: splitList(f.topics) }),
  } as LabRequest<'kafkaStart'>;
}

/** The first topic, for a preview. */
export function firstTopic(f: KafkaForm): string | null {
  return f.regex ? null : (splitList(f.topics)[0] ?? null);
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}
