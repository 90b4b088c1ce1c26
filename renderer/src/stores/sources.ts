import { create } from 'zustand';
import type { LabRequest } from '../../../core/api/schemas';
import type { HttpListenStatus } from '../../../core/api/http-contract';
import type { KafkaPreview, KafkaStatus, KafkaTestResult } from '../../../core/api/kafka-contract';
import type { KafkaFormat } from '../../../core/ingest/kafka/format-names';

export interface KafkaForm {
  brokers: string;
  /** Comma-separated names, or one regular expression when `regex` is on. */
  topics: string;
  regex: boolean;
  groupId: string;
  format: KafkaFormat;
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
  kafkaForm: { brokers: '127.0.0.1:9092', topics: 'servo', regex: false, groupId: 'servolab', format: 'servo', from: 'earliest', sasl: '', username: '', password: '', ssl: false, verify: true },
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
export function kafkaFormErrors(f: KafkaForm): Partial<Record<'brokers' | 'topics' | 'groupId' | 'username', string>> {
  const errors: Partial<Record<'brokers' | 'topics' | 'groupId' | 'username', string>> = {};
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

export function kafkaStartRequest(f: KafkaForm): LabRequest<'kafkaStart'> {
  return {
    connection: kafkaConnection(f),
    groupId: f.groupId.trim(),
    format: f.format,
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
