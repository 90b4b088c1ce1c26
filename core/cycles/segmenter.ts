/** Phases of the raw segmenter. Plain numbers: they are compared in the hot loop. */
const IDLE = 0;
/** Above the enter threshold but not yet for `confirmMs`: maybe a glitch. */
const TENTATIVE = 1;
const LOADED = 2;
/** Fell below the leave threshold; a confirmed run within `gapMs` continues the segment. */
const GAP = 3;

/** A segment longer than this many samples is given up (not reported) so memory stays bounded. */
export const MAX_SEGMENT_SAMPLES = 1 << 25;

export interface SegmentSink {
  /** A confirmed run starts a new segment at `start` (an absolute sample index). */
  opened(start: number): void;
  /**
   * The segment [start, end] closed: `end` is its last sample above the leave threshold. `keep`
   * is false for a segment already open at the first sample, a given-up one, or a too-short one.
   */
  closed(start: number, end: number, keep: boolean): void;
}

export interface SegmenterParams {
  /** Index of the first sample to scan: a segment open there was open before the data began. */
  first: number;
  enter: number;
  leave: number;
  gapMs: number;
  /** A run must stay above `leave` this long to count (auto mode's glitch rejection); 0 = at once. */
  confirmMs: number;
  /**
   * Auto mode: a single sample does not decide. A run starts only on two samples above `enter`,
   * and one sample below `leave` between samples above it is a dip, not an end.
   */
  spikes: boolean;
  minDurationMs: number;
}

/**
 * Cuts a sample stream into raw segments with hysteresis: a run starts above `enter` and lasts
 * while above `leave`; confirmed runs separated by less than `gapMs` join one segment. Resumable:
 * `scan` may be called with any split of the stream and reaches the same decisions, because the
 * state carries everything (including the times it compares against) between calls. Fixed mode
 * is the special case enter = leave = T, confirmMs = 0.
 *
 * The loops are plain seeks over typed arrays: most samples cost one comparison.
 */
export class Segmenter {
  enter: number;
  leave: number;
  private phase = IDLE;
  private next: number;
  private started = false;
  private segStart = -1;
  private segStartTs = 0;
  private lastAbove = -1;
  private lastAboveTs = 0;
  private tentStart = -1;
  private tentStartTs = 0;
  /** The open segment will not be reported (open at the data's start, or given up). */
  private discard = false;

  constructor(
    private readonly p: SegmenterParams,
    private readonly sink: SegmentSink,
  ) {
    this.enter = p.enter;
    this.leave = p.leave;
    this.next = p.first;
  }

  /** The next index to scan. */
  get position(): number {
    return this.next;
  }

  /** Up to this index it is settled whether (and where) the next segment opens. */
  get resolvedUntil(): number {
    return this.phase === TENTATIVE && this.segStart < 0 ? this.tentStart - 1 : this.next - 1;
  }

  /** The earliest index a segment not yet closed can start at (what must stay in memory). */
  get holdFrom(): number {
    if (this.segStart >= 0 && !this.discard) return this.segStart;
    if (this.phase === TENTATIVE) return this.tentStart;
    return this.next;
  }

  /**
   * Scans samples up to absolute index `stop` (exclusive); `ts[k]`, `v[k]` hold index `base + k`.
   * With `spikes` a decision may need the next sample; without it the scan waits there, unless
   * `final` (the stream has ended: a lone last sample starts nothing and a dip there is a drop).
   */
  scan(ts: Float64Array, v: Float64Array, base: number, stop: number, final = false): void {
    let i = this.next;
    if (!this.started && i < stop) {
      this.started = true;
      if (v[i - base]! > this.leave) {
        this.open(i, ts[i - base]!);
        this.discard = true;
        this.lastAbove = i;
        this.lastAboveTs = ts[i - base]!;
        this.phase = LOADED;
        i++;
      }
    }
    const n = stop - base;
    const spikes = this.p.spikes;
    while (i < stop) {
      let j = i - base;
      switch (this.phase) {
        case IDLE: {
          const enter = this.enter;
          while (j < n && !(v[j]! > enter)) j++;
          if (j >= n) break;
          if (spikes && j + 1 >= n) {
            if (!final) return this.pause(j + base);
            j = n; // a lone last sample starts nothing
          } else if (!spikes || v[j + 1]! > enter) this.beginRun(j + base, ts[j]!);
          else j++; // a single-sample spike
          break;
        }
        case TENTATIVE: {
          const leave = this.leave;
          const t0 = this.tentStartTs;
          const confirm = this.p.confirmMs;
          let outcome = 0;
          while (j < n) {
            if (v[j]! > leave) {
              if (ts[j]! - t0 >= confirm) {
                outcome = 1;
                break;
              }
              j++;
              continue;
            }
            if (spikes && j + 1 >= n && !final) return this.pause(j + base);
            if (spikes && j + 1 < n && v[j + 1]! > leave) {
              j++; // a single-sample dip
              continue;
            }
            outcome = 2;
            break;
          }
          if (outcome === 1) {
            this.confirmRun();
            this.lastAbove = j + base;
            this.lastAboveTs = ts[j]!;
            j++;
          } else if (outcome === 2) {
            // Too short: a glitch. Back to where we were, the glitch forgotten.
            this.phase = this.segStart >= 0 ? GAP : IDLE;
          }
          break;
        }
        case LOADED: {
          const leave = this.leave;
          let last = -1;
          let waiting = false;
          for (;;) {
            const from = j;
            while (j < n && v[j]! > leave) j++;
            if (j > from) last = j - 1;
            if (j >= n || !spikes) break;
            if (j + 1 >= n) {
              waiting = !final;
              break;
            }
            if (!(v[j + 1]! > leave)) break;
            j++; // a single-sample dip
          }
          if (last >= 0) {
            this.lastAbove = last + base;
            this.lastAboveTs = ts[last]!;
          }
          if (this.lastAbove - this.segStart > MAX_SEGMENT_SAMPLES) this.discard = true;
          if (waiting) return this.pause(j + base);
          if (j < n) this.phase = GAP;
          break;
        }
        case GAP: {
          const enter = this.enter;
          const t0 = this.lastAboveTs;
          const gap = this.p.gapMs;
          for (; j < n; j++) {
            if (ts[j]! - t0 >= gap) {
              this.close();
              break;
            }
            if (!(v[j]! > enter)) continue;
            if (!spikes || (j + 1 < n && v[j + 1]! > enter)) {
              this.beginRun(j + base, ts[j]!);
              break;
            }
            if (j + 1 >= n && !final) return this.pause(j + base);
          }
          break;
        }
      }
      i = j + base;
    }
    this.next = i;
  }

  /** Stops at `at` until the next sample arrives. */
  private pause(at: number): void {
    this.next = at;
  }

  private beginRun(at: number, t: number): void {
    this.tentStart = at;
    this.tentStartTs = t;
    this.phase = TENTATIVE;
  }

  private confirmRun(): void {
    // Within a gap the run continues the open segment; otherwise it opens a new one.
    if (this.segStart < 0) this.open(this.tentStart, this.tentStartTs);
    this.phase = LOADED;
  }

  private open(at: number, t: number): void {
    this.segStart = at;
    this.segStartTs = t;
    this.discard = false;
    this.sink.opened(at);
  }

  private close(): void {
    const start = this.segStart;
    const keep = !this.discard && this.lastAboveTs - this.segStartTs >= this.p.minDurationMs;
    this.segStart = -1;
    this.discard = false;
    this.phase = IDLE;
    this.sink.closed(start, this.lastAbove, keep);
  }
}
