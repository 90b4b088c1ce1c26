import type { CommittedBatch, Ingestor } from '../ingest/ingestor';
import { CycleDetector } from './detector';
import { appendCycles } from './store';
import { detectorName, resolveOptions, type CycleMetrics, type CycleOptions } from './types';

/** A cycle that closed on the live bus. */
export interface LiveCycleEvent {
  machine: string;
  sensor: string;
  detector: string;
  cycle: CycleMetrics;
}

export interface LiveCyclesOptions {
  /** Only series of these sensors (default: every series). */
  sensors?: readonly string[];
  detector?: CycleOptions;
  /** Store each closed cycle in `cycles` (default true). */
  save?: boolean;
  onCycle?: (event: LiveCycleEvent) => void;
  /** A failed save or bad input; the operator keeps running. */
  onError?: (error: unknown) => void;
}

interface SeriesState {
  machine: string;
  sensor: string;
  detector: CycleDetector;
  lastTs: number;
}

/**
 * The online cycle detector on the live bus: one CycleDetector per machine × sensor, fed each
 * committed batch's rows of that series; every cycle that closes is emitted and (by default)
 * appended to `cycles`, one small transaction per batch, in commit order. Rows older than what a
 * series has already seen (late data) are skipped and counted: a detector only moves forward.
 */
export class LiveCycles {
  readonly detector: string;
  /** Rows skipped because they were older than their series' latest. */
  skipped = 0;
  private readonly series = new Map<string, SeriesState>();
  private readonly sensors: ReadonlySet<string> | null;
  private saving: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly ingestor: Ingestor,
    private readonly options: LiveCyclesOptions = {},
  ) {
    resolveOptions(options.detector); // bad parameters fail here, not on the first batch
    this.detector = detectorName(options.detector);
    this.sensors = options.sensors ? new Set(options.sensors) : null;
  }

  start(): void {
    if (!this.unsubscribe) this.unsubscribe = this.ingestor.onCommitted((committed) => this.offer(committed));
  }

  /** Stops listening and waits for pending saves. Cycles still open are not complete: dropped. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.saving;
  }

  /** Resolves when every cycle closed so far is stored. */
  flushed(): Promise<void> {
    return this.saving;
  }

  /** Feeds one committed batch (rows grouped by series, time-ordered within each). */
  offer({ batch }: CommittedBatch): void {
    const closed: LiveCycleEvent[] = [];
    let start = 0;
    for (let i = 1; i <= batch.length; i++) {
      if (i < batch.length && batch.machine[i] === batch.machine[start] && batch.sensor[i] === batch.sensor[start]) continue;
      const machine = batch.machines[batch.machine[start]!]!;
      const sensor = batch.sensors[batch.sensor[start]!]!;
      if (!this.sensors || this.sensors.has(sensor)) this.feed(machine, sensor, batch.ts.subarray(start, i), batch.value.subarray(start, i), closed);
      start = i;
    }
    if (closed.length === 0) return;
    for (const event of closed) this.options.onCycle?.(event);
    if (this.options.save !== false) this.save(closed);
  }

  private feed(machine: string, sensor: string, ts: Float64Array, values: Float64Array, out: LiveCycleEvent[]): void {
    const key = `${machine}\u0000${sensor}`;
    let state = this.series.get(key);
    if (!state) {
      state = { machine, sensor, detector: new CycleDetector(this.options.detector), lastTs: -Infinity };
      this.series.set(key, state);
    }
    let from = 0;
    while (from < ts.length && ts[from]! < state.lastTs) from++;
    this.skipped += from;
    if (from === ts.length) return;
    state.lastTs = ts[ts.length - 1]!;
    try {
      for (const cycle of state.detector.push(ts.subarray(from), values.subarray(from))) {
        out.push({ machine, sensor, detector: this.detector, cycle: cycle.metrics });
      }
    } catch (e) {
      this.options.onError?.(e);
    }
  }

  private save(events: readonly LiveCycleEvent[]): void {
    const groups = new Map<string, { machine: string; sensor: string; detector: string; cycles: CycleMetrics[] }>();
    for (const e of events) {
      const key = `${e.machine}\u0000${e.sensor}`;
      const group = groups.get(key) ?? { machine: e.machine, sensor: e.sensor, detector: e.detector, cycles: [] };
      group.cycles.push(e.cycle);
      groups.set(key, group);
    }
    this.saving = this.saving
      .then(() =>
        this.ingestor.ws.transaction(async (con) => {
          for (const group of groups.values()) await appendCycles(con, group);
        }),
      )
      .catch((e: unknown) => this.options.onError?.(e));
  }
}
