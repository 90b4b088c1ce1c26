import type { KafkaStatus } from '../ingest/kafka/consumer';

/** Responses and the status event of the Kafka methods (merged into LabResponses and LabEvents). */
export type { KafkaStatus, PartitionStatus } from '../ingest/kafka/consumer';

export interface KafkaTestResult {
  brokers: string[];
  topics: { name: string; partitions: number }[];
}

/** One decoded reading of a previewed message. */
export interface KafkaPreviewRow {
  partition: number;
  offset: number;
  ts: number;
  machine: string;
  sensor: string;
  value: number;
}

export interface KafkaPreview {
  topic: string;
  format: string;
  /** Messages read (at most the requested limit). */
  messages: number;
  rows: KafkaPreviewRow[];
  /** Messages the format cannot store, with the reason quarantine would record. */
  rejected: { location: string; reason: string; raw: string }[];
}

export interface KafkaResponses {
  kafkaTest: KafkaTestResult;
  kafkaPreview: KafkaPreview;
  kafkaStart: KafkaStatus;
  kafkaStop: KafkaStatus;
  kafkaStatus: KafkaStatus;
}
