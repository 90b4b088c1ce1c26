import type { LabEvent, ReadingBatch, SensorSpec } from '../model';
import { Catalog } from '../store/catalog';
import { commitBatch, type Checkpoint, type CommitResult } from '../store/writer';
import type { Workspace } from '../store/workspace';
import { prepareBatch, type PreparedBatch } from './prepare';

export interface IngestMeta {
  /** Who produced the batch, e.g. `simulator`, `file:sensors.csv`, `kafka:telemetry`. */
  source: string;
  profile?: string | null;
  events?: readonly LabEvent[];
  checkpoints?: readonly Checkpoint[];
  /** Prefix for quarantine locations (file name, topic/partition/offset). */
  location?: string;
}

export interface CommittedBatch {
  batch: PreparedBatch;
  meta: IngestMeta;
  result: CommitResult;
}

export type CommitListener = (committed: CommittedBatch) => void;

/**
 * The one door into the workspace: validate → quarantine the bad rows → append the good ones with
 * rollups, events and checkpoints in one transaction → tell listeners (the live bus).
 */
export class Ingestor {
  private readonly listeners = new Set<CommitListener>();
  readonly totals = { stored: 0, quarantined: 0, events: 0, batches: 0 };

  private constructor(
    readonly ws: Workspace,
    readonly catalog: Catalog,
  ) {}

  static async create(ws: Workspace): Promise<Ingestor> {
    return new Ingestor(ws, await Catalog.load(ws));
  }

  defineSensors(specs: readonly SensorSpec[]): Promise<void> {
    return this.catalog.defineSensors(specs);
  }

  onCommitted(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Validates and stores a raw batch. */
  ingest(batch: ReadingBatch, meta: IngestMeta): Promise<CommitResult> {
    return this.ingestPrepared(prepareBatch(batch, this.catalog.ranges(), meta.location ?? ''), meta);
  }

  /**
   * Stores a batch prepared elsewhere (a worker) against this workspace's ranges. `lane` picks
   * the connection: a bulk writer alternates lanes so one batch appends while another commits.
   */
  async ingestPrepared(batch: PreparedBatch, meta: IngestMeta, lane = 0): Promise<CommitResult> {
    const result = await commitBatch(this.ws, this.catalog, batch, meta, lane);
    this.totals.stored += result.stored;
    this.totals.quarantined += result.quarantined;
    this.totals.events += result.events;
    this.totals.batches++;
    for (const listener of this.listeners) listener({ batch, meta, result });
    return result;
  }
}
