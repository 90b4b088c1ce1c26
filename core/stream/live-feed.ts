import type { CommittedBatch } from '../ingest/ingestor';
import { decimateM4 } from './decimate';

export interface SeriesKey {
  machine: string;
  sensor: string;
}

export interface LiveSeriesFrame extends SeriesKey {
  ts: number[];
  values: number[];
}

/** Points a series may hold between two frames before it is decimated; bounds memory. */
const PENDING_LIMIT = 8192;
/** Points per series in one frame: more than any chart has pixels for in one frame's time. */
const FRAME_POINTS = 256;

interface Pending {
  key: SeriesKey;
  ts: number[];
  values: number[];
}

/**
 * One client's view of the live bus: keeps the new points of the series it subscribed to and
 * hands them out as frames at most `maxHz` times a second, decimated. Nothing grows without
 * bound: a slow client gets coarser frames, never a backlog.
 */
export class LiveFeed {
  private pending = new Map<string, Pending>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private dirty = false;

  constructor(
    private readonly emit: (frame: { series: LiveSeriesFrame[] }) => void,
    private readonly maxHz = 30,
  ) {}

  subscribe(series: readonly SeriesKey[]): void {
    this.pending = new Map(series.map((key) => [`${key.machine}\u0000${key.sensor}`, { key, ts: [], values: [] }]));
    if (series.length && !this.timer) this.timer = setInterval(() => this.flush(), 1000 / this.maxHz);
    if (!series.length) this.stop();
  }

  get size(): number {
    return this.pending.size;
  }

  /** Called for every committed batch; picks out the runs of subscribed series. */
  offer({ batch }: CommittedBatch): void {
    if (this.pending.size === 0 || batch.length === 0) return;
    let start = 0;
    for (let i = 1; i <= batch.length; i++) {
      if (i < batch.length && batch.machine[i] === batch.machine[start] && batch.sensor[i] === batch.sensor[start]) continue;
      const key = `${batch.machines[batch.machine[start]!]}\u0000${batch.sensors[batch.sensor[start]!]}`;
      const target = this.pending.get(key);
      if (target) {
        for (let k = start; k < i; k++) {
          target.ts.push(batch.ts[k]!);
          target.values.push(batch.value[k]!);
        }
        if (target.ts.length > PENDING_LIMIT) {
          const reduced = decimateM4(target.ts, target.values, PENDING_LIMIT / 4);
          target.ts = reduced.ts;
          target.values = reduced.values;
        }
        this.dirty = true;
      }
      start = i;
    }
  }

  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const series: LiveSeriesFrame[] = [];
    for (const p of this.pending.values()) {
      if (p.ts.length === 0) continue;
      const { ts, values } = decimateM4(p.ts, p.values, FRAME_POINTS);
      series.push({ ...p.key, ts, values });
      p.ts = [];
      p.values = [];
    }
    if (series.length) this.emit({ series });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
