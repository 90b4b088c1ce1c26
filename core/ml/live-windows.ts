import { sensorFeatures, windowFeatures } from './window-stats';

/**
 * Per-machine tumbling windows over live readings, aligned like series.ts (start = ⌊ts / w⌋·w), for
 * the sensors a model uses. Each series keeps its readings not yet windowed in typed arrays with a
 * hard cap (readings past it are dropped and counted), so memory stays bounded whatever the rate.
 * A machine's window closes when every sensor has a reading at or past its end — batches of one
 * machine may carry one sensor's next window before another sensor's end of this one — or, so a
 * dead sensor cannot stall scoring, when any sensor is a full window past it (the dead sensor's
 * statistics are then missing, NaN, which the forest routes like any missing value).
 */
export const DEFAULT_MAX_READINGS = 1 << 17;

class SeriesBuffer {
  ts = new Float64Array(256);
  values = new Float64Array(256);
  n = 0;
  lastTs = -Infinity;

  constructor(private readonly cap: number) {}

  /** Appends; false when the cap is reached. */
  push(t: number, v: number): boolean {
    if (this.n === this.ts.length) {
      if (this.n >= this.cap) return false;
      const size = Math.min(this.cap, this.n * 2);
      const ts = new Float64Array(size);
      const values = new Float64Array(size);
      ts.set(this.ts);
      values.set(this.values);
      this.ts = ts;
      this.values = values;
    }
    this.ts[this.n] = t;
    this.values[this.n++] = v;
    this.lastTs = t;
    return true;
  }

  /** Readings before `end` (at the front, time-ordered). */
  countBefore(end: number): number {
    let k = 0;
    while (k < this.n && this.ts[k]! < end) k++;
    return k;
  }

  drop(k: number): void {
    this.ts.copyWithin(0, k, this.n);
    this.values.copyWithin(0, k, this.n);
    this.n -= k;
  }
}

export interface ClosedWindow {
  machine: string;
  start: number;
  /** Every sensor's features (window-stats.ts), in the order of `sensors`: `featureNames()`. */
  stats: Float64Array;
}

export class LiveWindows {
  /** Readings older than their series' latest (late), and readings over the cap. */
  late = 0;
  overflow = 0;
  private readonly machines = new Map<string, { start: number; series: SeriesBuffer[] }>();
  private readonly sensorIndex: Map<string, number>;
  /** Where each sensor's features start in a window's row, and the row's width. */
  private readonly offsets: number[];
  private readonly width: number;

  constructor(
    readonly windowMs: number,
    readonly sensors: readonly string[],
    private readonly maxReadings = DEFAULT_MAX_READINGS,
  ) {
    if (!(windowMs > 0)) throw new Error(`window must be positive (got ${windowMs})`);
    this.sensorIndex = new Map(sensors.map((s, i) => [s, i]));
    this.offsets = [];
    let width = 0;
    for (const s of sensors) {
      this.offsets.push(width);
      width += sensorFeatures(s).length;
    }
    this.width = width;
  }

  /** Feature names of a window's row: `sensor.stat`, as the series dataset names them. */
  featureNames(): string[] {
    return this.sensors.flatMap(sensorFeatures);
  }

  /** Adds one series' time-ordered readings; untracked sensors are ignored. */
  add(machine: string, sensor: string, ts: Float64Array, values: Float64Array): void {
    const s = this.sensorIndex.get(sensor);
    if (s === undefined) return;
    let state = this.machines.get(machine);
    if (!state) {
      state = { start: NaN, series: this.sensors.map(() => new SeriesBuffer(this.maxReadings)) };
      this.machines.set(machine, state);
    }
    const buffer = state.series[s]!;
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i]!;
      if (t < buffer.lastTs || t < state.start) {
        this.late++;
        continue;
      }
      if (Number.isNaN(state.start)) state.start = Math.floor(t / this.windowMs) * this.windowMs;
      if (!buffer.push(t, values[i]!)) this.overflow++;
    }
  }

  /** Closes every window that is complete, oldest first. */
  close(): ClosedWindow[] {
    const out: ClosedWindow[] = [];
    for (const [machine, state] of this.machines) {
      for (;;) {
        const end = state.start + this.windowMs;
        if (Number.isNaN(end)) break;
        const all = state.series.every((b) => b.lastTs >= end);
        const any = state.series.some((b) => b.lastTs >= end + this.windowMs);
        if (!all && !any) break;
        const stats = new Float64Array(this.width);
        state.series.forEach((b, k) => {
          const n = b.countBefore(end);
          windowFeatures(this.sensors[k]!, b.ts, b.values, n, stats, this.offsets[k]!);
          b.drop(n);
        });
        // A window counts when any sensor had readings in it (its mean, the first feature, is set).
        if (this.offsets.some((o) => !Number.isNaN(stats[o]!))) out.push({ machine, start: state.start, stats });
        // Next window: the earliest reading left (a gap in the data skips empty windows).
        let next = Infinity;
        for (const b of state.series) if (b.n > 0) next = Math.min(next, b.ts[0]!);
        state.start = Number.isFinite(next) ? Math.floor(next / this.windowMs) * this.windowMs : end;
      }
    }
    return out;
  }
}
