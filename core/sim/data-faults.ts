import type { LabEvent, SensorSpec } from '../model';
import { DROPOUT_MS, STUCK_MS, type ActiveFaults, type FaultTiming } from './faults';
import { Random } from './random';

/** An episode in tick indexes: [start, end). */
interface Episode {
  start: number;
  end: number;
  sensor: number;
  value: number;
}

/**
 * Corrupts one machine's freshly generated readings the way a measurement chain does: a sensor
 * that repeats itself (`stuck`), a link that goes silent (`dropout`), a single absurd sample
 * (`spike`). The physics underneath keeps running; only what is reported changes.
 *
 * Everything is scheduled in tick indexes from per-machine streams, so a fault lands on the same
 * tick however the time range is chunked, and an episode can straddle generate() calls.
 */
export class DataFaults {
  private readonly stuckRng: Random;
  private readonly dropoutRng: Random;
  private readonly spikeRng: Random;
  private readonly stuck: Episode | null;
  private readonly dropout: Episode | null;
  private nextSpike: number;

  constructor(
    private readonly active: ActiveFaults['data'],
    private readonly sensors: readonly SensorSpec[],
    private readonly timing: FaultTiming,
    private readonly periodMs: number,
    /** Time of tick 0 of this machine. */
    private readonly origin: number,
    seed: number,
    machineIndex: number,
  ) {
    this.stuckRng = Random.stream(seed, machineIndex, 'stuck');
    this.dropoutRng = Random.stream(seed, machineIndex, 'dropout');
    this.spikeRng = Random.stream(seed, machineIndex, 'spike');
    this.stuck = active.stuck ? this.drawEpisode(this.stuckRng, 0, timing.stuckGapMs, STUCK_MS, true) : null;
    this.dropout = active.dropout ? this.drawEpisode(this.dropoutRng, 0, timing.dropoutGapMs, DROPOUT_MS, false) : null;
    this.nextSpike = active.spike ? this.gapTicks(this.spikeRng, timing.spikeGapMs) : Infinity;
  }

  get any(): boolean {
    return this.active.stuck || this.active.dropout || this.active.spike;
  }

  private gapTicks(rng: Random, meanMs: number): number {
    return Math.max(1, Math.round(rng.exponential(meanMs) / this.periodMs));
  }

  private drawEpisode(rng: Random, after: number, gapMs: number, span: readonly [number, number], pickSensor: boolean, into?: Episode): Episode {
    const e = into ?? { start: 0, end: 0, sensor: 0, value: 0 };
    e.start = after + this.gapTicks(rng, gapMs);
    e.end = e.start + Math.max(1, Math.round(rng.uniform(span[0], span[1]) / this.periodMs));
    e.sensor = pickSensor ? rng.int(0, this.sensors.length - 1) : 0;
    return e;
  }

  private time(k: number): number {
    return this.origin + k * this.periodMs;
  }

  /**
   * Applies the faults to ticks [k0, k0 + n) laid out as `values[offset + s*n + j]`, appends their
   * ground truth, and fills `drops` with the [from, to) tick offsets (relative to k0) to remove.
   */
  apply(k0: number, n: number, values: Float64Array, offset: number, machine: string, events: LabEvent[], drops: number[]): void {
    const k1 = k0 + n;
    const st = this.stuck;
    while (st && st.start < k1) {
      const base = offset + st.sensor * n - k0;
      if (st.start >= k0) {
        // The sensor freezes on whatever it read at onset.
        st.value = values[base + st.start]!;
        const detail = { sensor: this.sensors[st.sensor]!.name, end: this.time(st.end), value: st.value };
        events.push({ machine, kind: 'stuck', onset: this.time(st.start), failure: null, source: 'simulator', detail });
      }
      values.fill(st.value, base + Math.max(st.start, k0), base + Math.min(st.end, k1));
      if (st.end > k1) break;
      this.drawEpisode(this.stuckRng, st.end, this.timing.stuckGapMs, STUCK_MS, true, st);
    }
    const dr = this.dropout;
    while (dr && dr.start < k1) {
      if (dr.start >= k0) {
        const detail = { end: this.time(dr.end) };
        events.push({ machine, kind: 'dropout', onset: this.time(dr.start), failure: null, source: 'simulator', detail });
      }
      drops.push(Math.max(dr.start, k0) - k0, Math.min(dr.end, k1) - k0);
      if (dr.end > k1) break;
      this.drawEpisode(this.dropoutRng, dr.end, this.timing.dropoutGapMs, DROPOUT_MS, false, dr);
    }
    while (this.nextSpike < k1) {
      const k = this.nextSpike;
      const rng = this.spikeRng;
      const s = rng.int(0, this.sensors.length - 1);
      const { min, max, name } = this.sensors[s]!;
      // Far outside the valid range on either side, so validation must catch it.
      const reach = (max - min) * (1 + rng.double());
      const value = rng.double() < 0.5 ? min - reach : max + reach;
      if (!isDropped(drops, k - k0)) {
        values[offset + s * n + k - k0] = value;
        events.push({ machine, kind: 'spike', onset: this.time(k), failure: null, source: 'simulator', detail: { sensor: name, value } });
      }
      this.nextSpike = k + this.gapTicks(rng, this.timing.spikeGapMs);
    }
  }
}

function isDropped(drops: readonly number[], j: number): boolean {
  for (let i = 0; i < drops.length; i += 2) if (j >= drops[i]! && j < drops[i + 1]!) return true;
  return false;
}
