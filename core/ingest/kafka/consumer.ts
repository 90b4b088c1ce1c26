import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { Logger } from 'pino';
import { firstLineOf, LabError } from '../../model';
import type { Ingestor } from '../ingestor';
import { prepareBatch } from '../prepare';
import { BatchBuilder } from './batch-builder';
import { kafkaClient, type KafkaConnection } from './connection';
import { decodeMessage, sensorsOfFormat, type DecodeState, type PayloadFormat } from './formats';
import { ConsumerWatchdog, settleWithin, silence, WATCHDOG_DEFAULTS } from './watchdog';

export interface KafkaConsumeOptions {
  connection: KafkaConnection;
  groupId: string;
  topics: (string | RegExp)[];
  /** A built-in format, or a field mapping (format `map`). */
  format: PayloadFormat;
  /** Where a partition without a stored or committed position starts. */
  from: 'earliest' | 'latest';
  /** Starts, group joins, crashes and restarts go here. */
  log?: Logger;
  /** Silence (ms) before an outage is reported and before the consumer reconnects (watchdog.ts). */
  watchdog?: { reportMs: number; reconnectMs: number };
}

export interface PartitionStatus {
  topic: string;
  partition: number;
  /** Next offset to store (the workspace's checkpoint). */
  position: number;
  highWatermark: number | null;
  lag: number | null;
}

export interface KafkaStatus {
  running: boolean;
  /** joining the group, consuming, brokers silent (outage), or waiting to reconnect after a crash. */
  state: 'stopped' | 'joining' | 'consuming' | 'unreachable' | 'reconnecting';
  /** How long the brokers have not answered, while that counts as an outage. */
  silentMs: number | null;
  messages: number;
  stored: number;
  quarantined: number;
  /** Messages per second over the last few seconds. */
  rate: number;
  lastError: string | null;
  lastMessageAt: number | null;
  /** When this consumer last got its partitions (group join). */
  assignedAt: number | null;
  /** Times the consumer crashed and was started again. */
  restarts: number;
  /** Times a batch started past the workspace's checkpoint and the partition was sought back to it. */
  resumes: number;
  partitions: PartitionStatus[];
}

const CHECKPOINT_SOURCE = 'kafka';
const DISCONNECT_WAIT_MS = 5000;
const FIRST_RESTART_MS = 1000;
const MAX_RESTART_MS = 30_000;

/**
 * Consumes topics into the workspace exactly once. Per fetched batch: decode → validate → append
 * the rows AND the partition's checkpoint (next offset) in ONE transaction → then commit the
 * offset to Kafka. Messages below the stored checkpoint are skipped, so a crash between the two
 * commits, a restart or a rebalance never stores a message twice; on every assignment each
 * partition seeks to its checkpoint.
 */
export class KafkaIngest {
  private consumer: Consumer | null = null;
  private readonly positions = new Map<string, number>();
  private readonly highWatermarks = new Map<string, number>();
  private readonly states = new Map<string, DecodeState>();
  private readonly totals = { messages: 0, stored: 0, quarantined: 0 };
  private readonly samples: { at: number; messages: number }[] = [];
  private lastError: string | null = null;
  private lastMessageAt: number | null = null;
  private assignedAt: number | null = null;
  private running = false;
  private restarts = 0;
  /** Seeks back to a checkpoint after a batch that started past it (see skipsAhead). */
  private resumes = 0;
  private readonly gapSeeks = new Map<string, number>();
  private restartDelay = FIRST_RESTART_MS;
  private restartTimer: NodeJS.Timeout | null = null;
  /** A restart between its timer and the new consumer running (connect may wait on silent brokers). */
  private restarting = false;
  private readonly watchdog: ConsumerWatchdog;

  constructor(
    private readonly ingestor: Ingestor,
    private readonly options: KafkaConsumeOptions,
  ) {
    this.watchdog = new ConsumerWatchdog({
      ...WATCHDOG_DEFAULTS,
      ...options.watchdog,
      onSilent: (ms) => (this.lastError = silence(ms)),
      onReconnect: (ms) => {
        if (this.restarting || this.restartTimer) return;
        this.options.log?.warn({ silentMs: ms }, 'brokers silent; reconnecting');
        this.scheduleRestart();
      },
      onBack: (ms) => this.options.log?.info({ silentMs: ms }, 'brokers answering again'),
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.ingestor.defineSensors(sensorsOfFormat(this.options.format));
    await this.loadCheckpoints();
    // Running before the first join: a crash during it (the race of two members joining at once)
    // must already be restarted, and the join happens inside connect().
    this.running = true;
    try {
      await this.connect();
    } catch (e) {
      this.running = false;
      throw e;
    }
    this.watchdog.start();
    const { connection, groupId, topics, format, from } = this.options;
    this.options.log?.info({ brokers: connection.brokers, groupId, topics: topics.map(String), format, from }, 'consumer started');
  }

  /**
   * One kafkajs consumer's life. kafkajs restarts itself only after retriable errors; a broker's
   * non-retriable answer during a rebalance (librdkafka answers INVALID_REQUEST to some racing
   * joins) would leave it dead with its partitions unread. So every crash comes here instead, and
   * the consumer is started again with backoff; the checkpoints make that restart exactly-once.
   */
  private async connect(): Promise<void> {
    const kafka = kafkaClient(this.options.connection);
    // A 10 s session (kafkajs default 30 s) with 1 s heartbeats: a member killed with -9 or a new
    // member joining rebalances the group in seconds instead of half a minute.
    const consumer = kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxBytes: 50 << 20,
      maxBytesPerPartition: 10 << 20,
      maxWaitTimeInMs: 100,
      retry: { retries: 3, restartOnFailure: () => Promise.resolve(false) },
    });
    this.consumer = consumer;
    this.watchdog.alive();
    consumer.on(consumer.events.FETCH, () => this.watchdog.alive());
    consumer.on(consumer.events.REQUEST_TIMEOUT, ({ payload }) => {
      this.lastError = `broker ${payload.broker} did not answer ${payload.apiName} within ${payload.pendingDuration} ms`;
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.watchdog.alive();
      this.assignedAt = Date.now();
      this.restartDelay = FIRST_RESTART_MS;
      this.options.log?.info({ assignment: payload.memberAssignment }, 'joined the group');
      for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
        for (const partition of partitions) {
          const position = this.positions.get(`${topic}/${partition}`);
          if (position !== undefined) consumer.seek({ topic, partition, offset: String(position) });
        }
      }
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.lastError = firstLineOf(payload.error);
      if (this.consumer === consumer) this.scheduleRestart();
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      this.highWatermarks.set(`${payload.topic}/${payload.partition}`, Number(payload.highWatermark));
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.from === 'earliest' });
    } catch (e) {
      await consumer.disconnect().catch(() => undefined);
      this.consumer = null;
      throw new LabError('io', `kafka: ${firstLineOf(e)}`);
    }
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: 4, eachBatch: (payload) => this.onBatch(payload) });
  }

  private scheduleRestart(): void {
    if (!this.running || this.restartTimer) return;
    const delay = this.restartDelay;
    this.restartDelay = Math.min(delay * 2, MAX_RESTART_MS);
    this.options.log?.warn({ error: this.lastError, restartInMs: delay, restarts: this.restarts }, 'consumer crashed; restarting');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.running) return;
      const old = this.consumer;
      this.consumer = null;
      this.restarts++;
      this.restarting = true;
      // A consumer whose brokers went silent may never finish disconnecting: give it a few seconds.
      void (old ? settleWithin(old.disconnect(), DISCONNECT_WAIT_MS) : Promise.resolve())
        .then(() => (this.running ? this.connect() : undefined))
        .then(async () => {
          // Stopped while restarting: the new consumer must not outlive the stop.
          if (!this.running && this.consumer) await this.stop();
        })
        .catch((e: unknown) => {
          // Brokers unreachable: keep trying with a longer wait; status shows why.
          this.lastError = firstLineOf(e);
          this.restarting = false;
          this.scheduleRestart();
        })
        .finally(() => (this.restarting = false));
    }, delay);
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    this.running = false;
    this.watchdog.stop();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    if (consumer) this.options.log?.info({ ...this.totals, restarts: this.restarts }, 'consumer stopped');
    if (consumer) await settleWithin(consumer.disconnect(), DISCONNECT_WAIT_MS);
    await this.ingestor.ws.idle();
  }

  status(): KafkaStatus {
    const now = Date.now();
    this.samples.push({ at: now, messages: this.totals.messages });
    while (this.samples.length > 2 && now - this.samples[0]!.at > 3000) this.samples.shift();
    const first = this.samples[0]!;
    const rate = now > first.at ? ((this.totals.messages - first.messages) * 1000) / (now - first.at) : 0;
    const partitions = [...this.positions].map(([key, position]) => {
      const cut = key.lastIndexOf('/');
      const high = this.highWatermarks.get(key) ?? null;
      return { topic: key.slice(0, cut), partition: Number(key.slice(cut + 1)), position, highWatermark: high, lag: high === null ? null : Math.max(0, high - position) };
    });
    const silentMs = this.running ? this.watchdog.silentMs(now) : null;
    const state = !this.running ? 'stopped' : this.restartTimer || this.restarting ? 'reconnecting' : silentMs !== null ? 'unreachable' : this.assignedAt === null ? 'joining' : 'consuming';
    return { running: this.running, state, silentMs, ...this.totals, rate: Math.round(rate), lastError: silentMs !== null ? silence(silentMs) : this.lastError, lastMessageAt: this.lastMessageAt, assignedAt: this.assignedAt, restarts: this.restarts, resumes: this.resumes, partitions };
  }

  private async loadCheckpoints(): Promise<void> {
    const rows = await this.ingestor.ws.rows<{ stream: string; partition: number; position: bigint }>(
      `SELECT stream, partition, position FROM checkpoints WHERE source = $source`,
      { source: CHECKPOINT_SOURCE },
    );
    for (const r of rows) this.positions.set(`${r.stream}/${r.partition}`, Number(r.position));
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const key = `${topic}/${partition}`;
    const stored = this.positions.get(key) ?? -1;
    const fresh = batch.messages.filter((m) => Number(m.offset) >= stored);
    if (fresh.length === 0 || !isRunning() || isStale()) return;
    if (this.skipsAhead(topic, partition, stored, Number(fresh[0]!.offset))) return;
    const next = Number(fresh[fresh.length - 1]!.offset) + 1;
    const builder = new BatchBuilder(key);
    const state = this.stateOf(key);
    for (const message of fresh) decodeMessage(this.options.format, message, builder, state);
    const prepared = prepareBatch(builder.build(), this.ingestor.catalog.ranges(), builder.rowLocation);
    prepared.rejected.push(...builder.rejected);
    const events = state.events.splice(0);
    const result = await this.ingestor.ingestPrepared(prepared, {
      source: `kafka:${topic}`,
      events,
      checkpoints: [{ source: CHECKPOINT_SOURCE, stream: topic, partition, position: BigInt(next) }],
      // Partitions alternate between the workspace's connections: one appends while another commits.
    }, partition % 2);
    this.positions.set(key, next);
    this.totals.messages += fresh.length;
    this.totals.stored += result.stored;
    this.totals.quarantined += result.quarantined;
    this.lastMessageAt = Date.now();
    resolveOffset(fresh[fresh.length - 1]!.offset);
    // Kafka learns the position only after the workspace holds the rows (the checkpoint decides on restart).
    await this.consumer?.commitOffsets([{ topic, partition, offset: String(next) }]).catch((e: unknown) => {
      this.lastError = `offset commit: ${e instanceof Error ? e.message : String(e)}`;
    });
    await heartbeat();
  }

  /**
   * A batch must continue where the workspace stopped: one that starts past the checkpoint (kafkajs
   * fetching from the group's Kafka offset before our seek took hold, or a seek it dropped during a
   * rebalance) would skip messages for good. Then: seek back to the checkpoint and take nothing.
   * When the broker answers the same way again, the missing offsets do not exist (a compacted or
   * transactional topic) and the batch is taken.
   */
  private skipsAhead(topic: string, partition: number, stored: number, first: number): boolean {
    const key = `${topic}/${partition}`;
    if (stored < 0 || first <= stored || this.gapSeeks.get(key) === stored) return false;
    this.gapSeeks.set(key, stored);
    this.resumes++;
    this.options.log?.warn({ topic, partition, checkpoint: stored, fetched: first }, 'batch starts past the checkpoint; seeking back');
    this.consumer?.seek({ topic, partition, offset: String(stored) });
    return true;
  }

  private stateOf(key: string): DecodeState {
    let state = this.states.get(key);
    if (!state) this.states.set(key, (state = { failing: new Map(), events: [] }));
    return state;
  }
}
