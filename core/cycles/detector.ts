import { LabError } from '../model';
import { SampleBuffer } from './buffer';
import { enterThreshold, estimateLevels, leaveThreshold, trackDrift, type Levels } from './levels';
import { BASELINE_MAX_SAMPLES, cycleMetrics, MetricScratch } from './metrics';
import { Filtered } from './filtered';
import { EdgeScratch, MAX_EDGE_SAMPLES, refineEdges, type Edges } from './refine';
import { Segmenter, type SegmentSink } from './segmenter';
import { detectorName, resolveOptions, type Cycle, type CycleOptions, type ResolvedOptions } from './types';

/** A closed raw segment waiting for the look-ahead its edges and fall time need. */
interface Pending {
  rawStart: number;
  rawEnd: number;
  /** First index after the previous raw segment. */
  low: number;
  levels: Levels | null;
  threshold: number;
  /** Start of the next confirmed segment, -1 while unknown. */
  nextStart: number;
}

/** Look-ahead after a cycle: this long, or as long as the cycle, or up to the next cycle. */
const HORIZON_MS = 20_000;
/** Samples kept before anything that may still become a cycle (edge search plus baseline). */
const RETAIN = MAX_EDGE_SAMPLES + BASELINE_MAX_SAMPLES + 16;
/** Samples checked and scanned before the cycles they completed are measured (cache-sized). */
const BLOCK = 1 << 12;
/** Auto mode re-tries its level estimate on twice the data each time, up to this many samples. */
const MAX_WARMUP_SAMPLES = 1 << 22;

/**
 * Load-cycle detector for one machine × sensor series: an incremental state machine. Online, feed
 * it chunks as they arrive and get each cycle when it closes; batch is the same object fed the
 * whole array at once (`detectCycles`). Every decision depends only on the samples, never on how
 * they were chunked, so both give identical cycles. `finish()` ends the stream: a cycle still open
 * then (or already open at the first sample) is not reported.
 */
export class CycleDetector {
  readonly options: ResolvedOptions;
  readonly name: string;
  private readonly buf = new SampleBuffer();
  private total = 0;
  private lastTs = -Infinity;
  private finished = false;
  /** Set by bad input: the state is no longer that of any valid stream. */
  private broken = false;
  private seg: Segmenter | null = null;
  private levels: Levels | null = null;
  private initialSpread = 0;
  private warmFrom = 0;
  private warmCheck = -1;
  private readonly pending: Pending[] = [];
  private prevRawEnd = -1;
  private previous: { start: number; end: number; endIndex: number } | null = null;
  private readonly scratch = new MetricScratch();
  private readonly edgeScratch = new EdgeScratch();
  private readonly edges: Edges = { rise: new Filtered(), fall: new Filtered() };
  /** The arrays being processed right now (the segment sink reads them). */
  private cur: { ts: Float64Array; v: Float64Array; base: number } = { ts: new Float64Array(0), v: new Float64Array(0), base: 0 };

  constructor(options: CycleOptions = {}) {
    this.options = resolveOptions(options);
    this.name = detectorName(options);
    if (this.options.mode === 'fixed') this.startSegmenter(0, this.options.threshold, this.options.threshold, 0);
  }

  /** Feeds the next samples (ts in epoch ms, non-decreasing); returns the cycles that closed. */
  push(ts: Float64Array, values: Float64Array): Cycle[] {
    this.usable();
    if (!(ts instanceof Float64Array) || !(values instanceof Float64Array)) {
      throw new LabError('invalid_input', 'cycle detection needs Float64Array timestamps and values');
    }
    if (ts.length !== values.length) throw new LabError('invalid_input', `${ts.length} timestamps but ${values.length} values`);
    const n = ts.length;
    const out: Cycle[] = [];
    if (n === 0) return out;
    // Processed in place when nothing is held from before (a batch never copies), else appended.
    const inPlace = this.buf.length === 0;
    const base = this.total;
    try {
      // Block by block: each is checked, scanned and its completed cycles measured while its
      // samples are still in cache. Where the blocks fall never changes a result.
      for (let from = 0; from < n; from += BLOCK) {
        const to = Math.min(n, from + BLOCK);
        this.validate(ts, values, from, to);
        if (!inPlace) this.buf.append(ts.subarray(from, to), values.subarray(from, to));
        this.total += to - from;
        if (inPlace) this.advance(ts, values, base, false, out);
        else this.advance(this.buf.ts, this.buf.values, this.buf.origin, false, out);
      }
    } catch (e) {
      this.broken = true;
      throw e;
    }
    const keep = this.retainFrom();
    if (inPlace) this.buf.keepTail(ts, values, base, keep);
    else this.buf.discardBefore(keep);
    return out;
  }

  /** Ends the stream and returns the cycles that were waiting only for look-ahead. */
  finish(): Cycle[] {
    if (this.finished) return [];
    this.usable();
    this.finished = true;
    const out: Cycle[] = [];
    if (this.total > 0) this.advance(this.buf.ts, this.buf.values, this.buf.origin, true, out);
    this.buf.clear();
    return out;
  }

  /** Samples held in memory right now (bounded unless a cycle stays open). */
  get buffered(): number {
    return this.buf.length;
  }

  private usable(): void {
    if (this.finished) throw new LabError('usage', 'cycle detector already finished');
    if (this.broken) throw new LabError('usage', 'cycle detector stopped at bad input; start a new one');
  }

  /** Samples [from, to) of a push; the first bad one stops the detector for good. */
  private validate(ts: Float64Array, values: Float64Array, from: number, to: number): void {
    // Fast check: times that never go back from a finite first one to a finite last one are all
    // finite, so per sample only the order and the value need a look. Anything wrong is then
    // located (and reported) by the exact check below.
    const t0 = ts[from]!;
    let last = this.lastTs;
    let ok = t0 - t0 === 0;
    for (let i = from; i < to && ok; i++) {
      const t = ts[i]!;
      if (!(t >= last) || values[i]! - values[i]! !== 0) {
        ok = false;
        break;
      }
      last = t;
    }
    if (ok && last - last === 0) {
      this.lastTs = last;
      return;
    }
    last = this.lastTs;
    for (let i = from; i < to; i++) {
      const t = ts[i]!;
      const x = values[i]!;
      // `x - x === 0` is false for NaN and ±Infinity.
      if (!(t >= last) || t - t !== 0 || x - x !== 0) {
        const what = t - t !== 0 ? 'a non-finite time' : x - x !== 0 ? 'a non-finite value' : 'time going backwards';
        throw new LabError('invalid_input', `sample ${this.total + i - from} has ${what}`);
      }
      last = t;
    }
    this.lastTs = last;
  }

  private advance(ts: Float64Array, v: Float64Array, base: number, final: boolean, out: Cycle[]): void {
    this.cur = { ts, v, base };
    const end = this.total;
    if (!this.seg) this.warmUp(ts, v, base, end, final);
    if (!this.seg) return;
    this.seg.scan(ts, v, base, end, final);
    this.release(ts, v, base, end, final, out);
  }

  /** Finalizes the pending cycles whose look-ahead is settled at `end`. */
  private release(ts: Float64Array, v: Float64Array, base: number, end: number, final: boolean, out: Cycle[]): void {
    let done = 0;
    for (; done < this.pending.length; done++) {
      const p = this.pending[done]!;
      const limit = this.readyLimit(p, ts, base, end, final);
      if (limit === null) break;
      out.push(this.finalize(p, limit, ts, v, base));
    }
    if (done) this.pending.splice(0, done);
  }

  /**
   * Auto mode: estimate the levels once `warmupMs` of data is in, then again on twice as much
   * data while the data is not (yet) two-level. The check points are fixed sample positions, so
   * the estimate does not depend on chunking either.
   */
  private warmUp(ts: Float64Array, v: Float64Array, base: number, end: number, final: boolean): void {
    if (this.warmCheck < 0) {
      const due = ts[this.warmFrom - base]! + this.options.warmupMs;
      const at = firstIndexAfter(ts, base, this.warmFrom, end, due, true);
      if (at < end) this.warmCheck = at;
    }
    while (this.warmCheck >= 0 && this.warmCheck < end) {
      const levels = estimateLevels(v, this.warmFrom - base, this.warmCheck + 1 - base);
      if (levels) return this.startAuto(levels);
      const count = this.warmCheck + 1 - this.warmFrom;
      // Never two-level so far: keep only the newer half rather than grow without bound.
      if (2 * count <= MAX_WARMUP_SAMPLES) {
        this.warmCheck = this.warmFrom + 2 * count - 1;
      } else {
        this.warmFrom = this.warmCheck + 1 - MAX_WARMUP_SAMPLES / 2;
        this.warmCheck = this.warmFrom + MAX_WARMUP_SAMPLES - 1;
      }
    }
    if (final) {
      const levels = estimateLevels(v, this.warmFrom - base, end - base);
      if (levels) this.startAuto(levels);
    }
  }

  private startAuto(levels: Levels): void {
    this.levels = levels;
    this.initialSpread = levels.load - levels.idle;
    this.startSegmenter(this.warmFrom, enterThreshold(levels), leaveThreshold(levels), this.options.minDurationMs);
  }

  private startSegmenter(first: number, enter: number, leave: number, confirmMs: number): void {
    this.prevRawEnd = first - 1;
    const sink: SegmentSink = {
      // Segments close in order, so only the newest pending one can still lack its successor.
      opened: (start) => {
        const last = this.pending[this.pending.length - 1];
        if (last && last.nextStart < 0) last.nextStart = start;
      },
      closed: (start, end, keep) => this.closed(start, end, keep),
    };
    const { minGapMs: gapMs, minDurationMs } = this.options;
    this.seg = new Segmenter({ first, enter, leave, gapMs, confirmMs, minDurationMs, spikes: this.options.mode === 'auto' }, sink);
  }

  private closed(start: number, end: number, keep: boolean): void {
    const low = this.prevRawEnd + 1;
    this.prevRawEnd = end;
    if (!keep) return;
    const seg = this.seg!;
    this.pending.push({ rawStart: start, rawEnd: end, low, levels: this.levels, threshold: seg.enter, nextStart: -1 });
    if (this.levels) {
      const { v, base } = this.cur;
      const bounds = { start, end, lowBound: Math.max(low, start - RETAIN) };
      this.levels = trackDrift(this.levels, this.initialSpread, v, base, bounds);
      seg.enter = enterThreshold(this.levels);
      seg.leave = leaveThreshold(this.levels);
    }
  }

  /** The last index a pending cycle may look at, or null while that is not settled yet. */
  private readyLimit(p: Pending, ts: Float64Array, base: number, end: number, final: boolean): number | null {
    const tEnd = ts[p.rawEnd - base]!;
    const horizon = tEnd + Math.max(HORIZON_MS, tEnd - ts[p.rawStart - base]!);
    const bound = p.nextStart >= 0 ? p.nextStart : end;
    const beyond = firstIndexAfter(ts, base, p.rawEnd + 1, bound, horizon, false);
    if (beyond < bound) {
      // The horizon passed; unless a run that started before it is still undecided.
      if (p.nextStart >= 0 || final || this.seg!.resolvedUntil >= beyond - 1) return beyond - 1;
      return null;
    }
    if (p.nextStart >= 0) return p.nextStart - 1;
    return final ? end - 1 : null;
  }

  private finalize(p: Pending, limit: number, ts: Float64Array, v: Float64Array, base: number): Cycle {
    let low = Math.max(p.low, p.rawStart - RETAIN);
    if (this.previous) low = Math.max(low, this.previous.endIndex + 1);
    let start = p.rawStart;
    let end = p.rawEnd;
    this.edges.rise.reset(v, base, low, limit);
    this.edges.fall.reset(v, base, low, limit);
    if (p.levels) {
      const seg = { rawStart: start, rawEnd: end, low, limit };
      ({ start, end } = refineEdges(ts, base, seg, p.levels, this.options.minDurationMs, this.edges, this.edgeScratch));
    }
    const context = { low, limit, threshold: p.threshold, previous: this.previous };
    const metrics = cycleMetrics(ts, v, base, start, end, context, this.scratch, this.edges);
    this.previous = { start: metrics.start, end: metrics.end, endIndex: end };
    return { startIndex: start, endIndex: end, metrics };
  }

  /** The earliest sample anything undecided may still read. */
  private retainFrom(): number {
    let keep = this.total;
    if (!this.seg) keep = this.warmFrom;
    for (const p of this.pending) keep = Math.min(keep, Math.max(p.low, p.rawStart - RETAIN));
    if (this.seg) keep = Math.min(keep, Math.max(this.prevRawEnd + 1, this.seg.holdFrom - RETAIN));
    return keep;
  }
}

/** First index in [from, to) whose time is after `t` (at or after when `inclusive`), else `to`. */
function firstIndexAfter(ts: Float64Array, base: number, from: number, to: number, t: number, inclusive: boolean): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = ts[mid - base]!;
    if (inclusive ? x >= t : x > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Batch detection over a whole series: the online detector fed everything at once. */
export function detectCycles(ts: Float64Array, values: Float64Array, options: CycleOptions = {}): Cycle[] {
  const detector = new CycleDetector(options);
  return [...detector.push(ts, values), ...detector.finish()];
}
