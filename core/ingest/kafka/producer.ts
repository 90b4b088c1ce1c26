import { CompressionTypes, type Message } from 'kafkajs';
import { LabError, type LabEvent, firstLineOf } from '../../model';
import { Simulator, type SimulatorConfig } from '../../sim/simulator';
import type { PreparedBatch } from '../prepare';
import { simulateChunks } from '../simulator-chunks';
import { kafkaClient, type KafkaConnection } from './connection';
import type { KafkaFormat } from './formats';

export interface KafkaProduceOptions {
  connection: KafkaConnection;
  topic: string;
  config: SimulatorConfig;
  durationMs: number;
  format: KafkaFormat;
  /** Messages per second; undefined = as fast as the cluster takes them. */
  rate?: number | undefined;
  gzip?: boolean;
  signal?: AbortSignal | undefined;
}

const SEND_BATCH = 5_000;

/**
 * Publishes a simulated history to a topic: one message per machine and time step (key = machine
 * id, so a machine's readings stay in order on one partition), encoded in `format`.
 */
export async function produceSimulation(options: KafkaProduceOptions): Promise<{ messages: number; readings: number; seconds: number }> {
  if (!['servo', 'fleet', 'motor', 'long'].includes(options.format)) throw new LabError('usage', `the simulator publishes servo, fleet, motor or long, not ${options.format}`);
  new Simulator(options.config); // validates profile × faults before connecting
  const producer = kafkaClient(options.connection).producer({ allowAutoTopicCreation: true });
  try {
    await producer.connect();
  } catch (e) {
    throw new LabError('io', `kafka: ${firstLineOf(e)}`);
  }
  const started = performance.now();
  let messages = 0;
  let readings = 0;
  try {
    for (const chunk of simulateChunks({ config: options.config, durationMs: options.durationMs, ranges: [], targetReadings: 200_000 })) {
      const encoded = encodeChunk(chunk.batch, chunk.events, options.format);
      readings += chunk.batch.length;
      for (let i = 0; i < encoded.length; i += SEND_BATCH) {
        if (options.signal?.aborted) return { messages, readings, seconds: (performance.now() - started) / 1000 };
        const slice = encoded.slice(i, i + SEND_BATCH);
        await producer.send({ topic: options.topic, messages: slice, acks: -1, ...(options.gzip ? { compression: CompressionTypes.GZIP } : {}) });
        messages += slice.length;
        if (options.rate) {
          const due = (messages / options.rate) * 1000 - (performance.now() - started);
          if (due > 0) await new Promise((r) => setTimeout(r, due));
        }
      }
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  return { messages, readings, seconds: (performance.now() - started) / 1000 };
}

/** Rows of a chunk as messages of one machine and time step each, in time order. */
export function encodeChunk(batch: PreparedBatch, events: readonly LabEvent[], format: KafkaFormat): Message[] {
  if (format === 'long') {
    return Array.from({ length: batch.length }, (_, i) => {
      const machine = batch.machines[batch.machine[i]!]!;
      return { key: machine, value: JSON.stringify({ ts: batch.ts[i], machine, sensor: batch.sensors[batch.sensor[i]!], value: batch.value[i] }) };
    });
  }
  const steps = new Map<string, { machine: string; ts: number; fields: Record<string, number> }>();
  for (let i = 0; i < batch.length; i++) {
    const machine = batch.machines[batch.machine[i]!]!;
    const ts = batch.ts[i]!;
    const key = `${machine}\u0000${ts}`;
    let step = steps.get(key);
    if (!step) steps.set(key, (step = { machine, ts, fields: {} }));
    step.fields[batch.sensors[batch.sensor[i]!]!] = batch.value[i]!;
  }
  const ordered = [...steps.values()].sort((a, b) => a.ts - b.ts);
  return ordered.map(({ machine, ts, fields }) => ({ key: machine, value: JSON.stringify(encodeStep(format, machine, ts, fields, events)) }));
}

function encodeStep(format: KafkaFormat, machine: string, ts: number, fields: Record<string, number>, events: readonly LabEvent[]): unknown {
  const iso = new Date(ts).toISOString();
  if (format === 'fleet') {
    const failing = events.some((e) => e.machine === machine && ts >= e.onset && ts <= (e.failure ?? e.onset));
    return { machine_id: machine, timestamp: iso, readings: { readings: fields, has_failure: failing } };
  }
  if (format === 'motor') return { unix_time: ts / 1000, date_time: iso, voltage: fields.voltage, machine_id: machine };
  return { event_time: iso, machine_id: machine, ...fields };
}
