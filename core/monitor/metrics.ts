import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Ingestor } from '../ingest/ingestor';
import type { Workspace } from '../store/workspace';

/** What the metrics observe: the ingest bus, the workspace, and the Lab's pushed events. */
export interface MetricsSources {
  ingestor: Ingestor;
  ws: Workspace;
}

const KNOWN_SOURCES = ['simulator', 'file', 'kafka', 'http'] as const;

/** `file:sensors.csv`, `kafka:telemetry` → `file`, `kafka`: one series per kind of source, not per file or topic. */
export function sourceKind(source: string): string {
  const kind = source.split(':')[0]!.trim().toLowerCase();
  return /^[a-z][a-z0-9_-]{0,31}$/.test(kind) ? kind : 'other';
}

/**
 * Prometheus metrics of one open workspace (the seeds' Prometheus exporter role): readings and
 * quarantined rows per source kind as they commit, cycles and alerts as the Lab pushes them,
 * Kafka lag per partition, the workspace's stored totals (read at scrape time) and process
 * memory/CPU (prom-client's defaults). A registry of its own: two Labs in one process never mix.
 */
export class LabMetrics {
  readonly registry = new Registry();
  private readonly readings: Counter<'source'>;
  private readonly quarantined: Counter<'source'>;
  private readonly batches: Counter<'source'>;
  private readonly cycles: Counter;
  private readonly alerts: Counter<'kind'>;
  private readonly kafkaLag: Gauge<'topic' | 'partition'>;
  private readonly unsubscribe: () => void;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'servolab_' });
    this.readings = new Counter({ name: 'servolab_readings_ingested_total', help: 'Readings stored, by source kind', labelNames: ['source'], registers });
    this.quarantined = new Counter({ name: 'servolab_readings_quarantined_total', help: 'Readings rejected to quarantine, by source kind', labelNames: ['source'], registers });
    this.batches = new Counter({ name: 'servolab_batches_committed_total', help: 'Ingest transactions committed, by source kind', labelNames: ['source'], registers });
    this.cycles = new Counter({ name: 'servolab_cycles_detected_total', help: 'Load cycles closed on the live bus', registers });
    this.alerts = new Counter({ name: 'servolab_alerts_total', help: 'Alerts raised, by kind', labelNames: ['kind'], registers });
    this.kafkaLag = new Gauge({ name: 'servolab_kafka_lag', help: 'High watermark minus stored position', labelNames: ['topic', 'partition'], registers });
    // Known source kinds start at 0, so rate() has a series before their first batch.
    for (const source of KNOWN_SOURCES) for (const counter of [this.readings, this.quarantined, this.batches]) counter.inc({ source }, 0);
    const ws = sources.ws;
    new Gauge({
      name: 'servolab_workspace_readings',
      help: 'Readings stored in the workspace (all sources, files included)',
      registers,
      async collect() {
        const [row] = await ws.rows<{ n: bigint }>(`SELECT coalesce(sum(n), 0)::BIGINT AS n FROM rollup_1m`);
        this.set(Number(row?.n ?? 0));
      },
    });
    new Gauge({
      name: 'servolab_workspace_quarantined',
      help: 'Rows in the workspace quarantine',
      registers,
      async collect() {
        const [row] = await ws.rows<{ n: bigint }>(`SELECT count(*)::BIGINT AS n FROM quarantine`);
        this.set(Number(row?.n ?? 0));
      },
    });
    this.unsubscribe = sources.ingestor.onCommitted(({ meta, result }) => {
      const source = sourceKind(meta.source);
      this.readings.inc({ source }, result.stored);
      this.quarantined.inc({ source }, result.quarantined);
      this.batches.inc({ source });
    });
  }

  /** Feeds a pushed Lab event (a tap on its broadcast). */
  observe(event: string, payload: unknown): void {
    if (event === 'cycles') {
      const frame = payload as { cycles: unknown[]; dropped: number };
      this.cycles.inc(frame.cycles.length + frame.dropped);
    } else if (event === 'alert') {
      const kind = (payload as { kind?: unknown }).kind;
      this.alerts.inc({ kind: typeof kind === 'string' ? sourceKind(kind) : 'other' });
    } else if (event === 'kafka') {
      // The Lab's Kafka status event carries high watermark − stored position per partition.
      const partitions = (payload as { partitions?: { topic: string; partition: number; lag: number | null }[] }).partitions ?? [];
      for (const p of partitions) if (p.lag !== null) this.setKafkaLag(p.topic, p.partition, p.lag);
    }
  }

  setKafkaLag(topic: string, partition: number, lag: number): void {
    this.kafkaLag.set({ topic, partition: String(partition) }, lag);
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  dispose(): void {
    this.unsubscribe();
    this.registry.clear();
  }
}
