import { randomUUID } from 'node:crypto';
import type { Ingestor } from '../ingest/ingestor';
import { BatchBuilder } from '../ingest/kafka/batch-builder';
import type { KafkaConnection } from '../ingest/kafka/connection';
import type { KafkaIngest, KafkaStatus } from '../ingest/kafka/consumer';
import type { FieldMap } from '../ingest/kafka/field-map';
import { decodeMessage, MAP_FORMAT, type DecodeState, type KafkaFormat, type PayloadFormat } from '../ingest/kafka/formats';
import { LabError, firstLineOf } from '../model';
import type { KafkaPreview, KafkaPreviewRow, KafkaTestResult } from './kafka-contract';
import type { LabLog } from '../log/lab-log';
import type { LabParsedRequest } from './schemas';

/** How often a running consumer's status is pushed as the `kafka` event. */
const STATUS_INTERVAL_MS = 500;

const IDLE: KafkaStatus = { running: false, state: 'stopped', silentMs: null, messages: 0, stored: 0, quarantined: 0, rate: 0, lastError: null, lastMessageAt: null, assignedAt: null, restarts: 0, resumes: 0, partitions: [] };

type ConnectionRequest = LabParsedRequest<'kafkaTest'>['connection'];

/** kafkajs loads when Kafka is first used, not with every Lab (whose start-up time is the app's). */
const kafkaModules = async () => {
  const [connection, consumer] = await Promise.all([import('../ingest/kafka/connection'), import('../ingest/kafka/consumer')]);
  return { connection, consumer };
};

function connectionOf(c: ConnectionRequest): KafkaConnection {
  return { brokers: c.brokers, clientId: c.clientId, ...(c.ssl ? { ssl: { verify: c.ssl.verify } } : {}), ...(c.sasl ? { sasl: c.sasl } : {}) };
}

/** The decoding a request asks for: its format, or its mapping when the format is map (the schema pairs them). */
function payloadFormatOf(r: { format: KafkaFormat | typeof MAP_FORMAT; mapping?: FieldMap }): PayloadFormat {
  if (r.format !== MAP_FORMAT) return r.format;
  if (r.mapping === undefined) throw new LabError('invalid_input', `format ${MAP_FORMAT} needs a mapping`);
  return r.mapping;
}

/**
 * The Kafka side of LabApi. One consumer per Lab (the workspace has one set of checkpoints), shared
 * by every session: start, stop and status at any time; while it runs its status is pushed.
 */
export class LabKafka {
  private ingest: KafkaIngest | null = null;
  private last: KafkaStatus = IDLE;
  private timer: ReturnType<typeof setInterval> | null = null;
  private starting = false;

  constructor(
    private readonly ingestor: Ingestor,
    private readonly push: (status: KafkaStatus) => void,
    private readonly log?: LabLog,
  ) {}

  test(r: LabParsedRequest<'kafkaTest'>): Promise<KafkaTestResult> {
    this.log?.addSecret(r.connection.sasl?.password);
    return kafkaModules().then(({ connection }) => connection.testConnection(connectionOf(r.connection)));
  }

  async start(r: LabParsedRequest<'kafkaStart'>): Promise<KafkaStatus> {
    if (this.ingest || this.starting) throw new LabError('invalid_input', 'a Kafka consumer is already running; stop it first');
    let topics: (string | RegExp)[];
    try {
      topics = r.topics ?? [new RegExp(r.topicRegex!)];
    } catch {
      throw new LabError('invalid_input', `kafkaStart: topicRegex: invalid regular expression ${r.topicRegex}`);
    }
    this.log?.addSecret(r.connection.sasl?.password);
    const { consumer } = await kafkaModules();
    const ingest = new consumer.KafkaIngest(this.ingestor, { connection: connectionOf(r.connection), groupId: r.groupId, topics, format: payloadFormatOf(r), from: r.from, ...(this.log ? { log: this.log.for('kafka') } : {}) });
    this.starting = true;
    try {
      await ingest.start();
    } catch (e) {
      await ingest.stop().catch(() => undefined);
      throw e;
    } finally {
      this.starting = false;
    }
    this.ingest = ingest;
    this.timer = setInterval(() => this.push(this.status()), STATUS_INTERVAL_MS);
    const status = this.status();
    this.push(status); // every session learns at once that a consumer runs, not only the one that started it
    return status;
  }

  async stop(): Promise<KafkaStatus> {
    const ingest = this.ingest;
    this.ingest = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (ingest) {
      await ingest.stop();
      this.last = ingest.status();
      this.push(this.last);
    }
    return this.last;
  }

  status(): KafkaStatus {
    if (this.ingest) this.last = this.ingest.status();
    return this.last;
  }

  /**
   * Decodes the first messages of a topic without storing or committing anything: a throwaway
   * group reads from the beginning until `limit` messages or `timeoutMs`, whichever comes first.
   */
  async preview(r: LabParsedRequest<'kafkaPreview'>): Promise<KafkaPreview> {
    this.log?.addSecret(r.connection.sasl?.password);
    const { connection } = await kafkaModules();
    const consumer = connection.kafkaClient(connectionOf(r.connection)).consumer({ groupId: `servolab-preview-${randomUUID()}`, maxWaitTimeInMs: 100, maxBytes: 1 << 20 });
    const rows: KafkaPreviewRow[] = [];
    const rejected: KafkaPreview['rejected'] = [];
    let messages = 0;
    const state: DecodeState = { failing: new Map(), events: [] };
    const format = payloadFormatOf(r);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [r.topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, r.timeoutMs);
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          clearTimeout(timer);
          reject(payload.error);
        });
        void consumer.run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const builder = new BatchBuilder(`${batch.topic}/${batch.partition}`);
            const taken = batch.messages.slice(0, Math.max(0, r.limit - messages));
            for (const m of taken) decodeMessage(format, m, builder, state);
            messages += taken.length;
            const built = builder.build();
            for (let i = 0; i < built.length; i++) {
              rows.push({
                partition: batch.partition,
                offset: Number(builder.rowLocation(i).split('@').pop()),
                ts: built.ts[i]!,
                machine: built.machines[built.machine[i]!]!,
                sensor: built.sensors[built.sensor[i]!]!,
                value: built.value[i]!,
              });
            }
            rejected.push(...builder.rejected.map((x) => ({ location: x.location, reason: x.reason, raw: x.raw.slice(0, 2000) })));
            if (messages >= r.limit) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } catch (e) {
      throw new LabError('io', `kafka preview: ${firstLineOf(e)}`);
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
    return { topic: r.topic, format: r.format, messages, rows, rejected };
  }
}
