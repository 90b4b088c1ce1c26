import type { LabEvent } from '../model';
import { FAULT_DEVELOPMENT_MS, type PhysicalFault } from './faults';
import type { Random } from './random';

/** One physical fault on one machine: it develops from `onset` and fails the machine at `failure`. */
export interface FaultEpisode {
  readonly kind: PhysicalFault;
  readonly onset: number;
  readonly failure: number;
}

/**
 * The physical-fault timeline of one machine: a renewal process of healthy gap → fault develops →
 * failure (the machine is repaired at once) → healthy gap → …, one fault at a time so every
 * stretch of data carries exactly one label.
 *
 * Healthy gaps are a quarter of the mean plus an exponential remainder.
 *
 * The timeline is drawn lazily from its own stream, in order, so it is the same whatever times it
 * is asked about and however generate() calls are cut.
 */
export class FaultTrack {
  /** Drawn episodes not yet behind every reader; ascending, non-overlapping. */
  private readonly episodes: FaultEpisode[] = [];
  /** Where the next healthy gap starts. */
  private horizon: number;
  /** activeAt's last answer and the time until which it holds. */
  private current: FaultEpisode | null = null;
  private validUntil = -Infinity;
  /** Onset of the first episode eventsIn has not reported yet (-Infinity: not drawn yet). */
  private pendingOnset = -Infinity;

  constructor(
    private readonly kinds: readonly PhysicalFault[],
    private readonly rng: Random,
    start: number,
    private readonly meanGapMs: number,
  ) {
    this.horizon = start;
  }

  private drawNext(): FaultEpisode {
    const kind = this.kinds[this.kinds.length === 1 ? 0 : this.rng.int(0, this.kinds.length - 1)]!;
    const [lo, hi] = FAULT_DEVELOPMENT_MS[kind];
    // At least a quarter of the mean gap is healthy, so every fault has a clean "before" to learn
    // from and a repaired machine cools down first; the mean stays meanGapMs. Whole milliseconds
    // keep event times readable and exactly comparable with tick times.
    const gap = this.meanGapMs * 0.25 + this.rng.exponential(this.meanGapMs * 0.75);
    const onset = this.horizon + Math.max(1, Math.round(gap));
    const failure = onset + Math.round(this.rng.uniform(lo, hi));
    const episode = { kind, onset, failure };
    this.episodes.push(episode);
    this.horizon = failure;
    return episode;
  }

  /** Appends ground truth for every fault whose onset lies in [from, until). */
  eventsIn(from: number, until: number, machine: string, out: LabEvent[]): void {
    // Fast path: called once per machine per generate(), and live calls are short.
    if (this.pendingOnset >= until) return;
    let last = this.episodes[this.episodes.length - 1];
    while (!last || last.onset < until) last = this.drawNext();
    for (const e of this.episodes) {
      if (e.onset >= from && e.onset < until) {
        out.push({ machine, kind: e.kind, onset: e.onset, failure: e.failure, source: 'simulator' });
      }
    }
    this.pendingOnset = last.onset;
  }

  /**
   * The fault developing at time t, or null when healthy. Times must not decrease between calls
   * (ticks are visited in order); episodes that ended before t are forgotten.
   */
  activeAt(t: number): FaultEpisode | null {
    // Fast path for the hot loop: the answer only changes at the next onset or failure.
    if (t < this.validUntil) return this.current;
    let head = this.episodes[0];
    while (!head || head.failure <= t) {
      if (head) this.episodes.shift();
      head = this.episodes[0] ?? this.drawNext();
    }
    const active = t >= head.onset;
    this.current = active ? head : null;
    this.validUntil = active ? head.failure : head.onset;
    return this.current;
  }
}

/** Fraction of the way from onset (0) to failure (1) at time t. */
export function severity(e: FaultEpisode, t: number): number {
  return (t - e.onset) / (e.failure - e.onset);
}
