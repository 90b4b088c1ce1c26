import { LabError } from '../model';
import type { GenerateResult, Simulator } from './simulator';

export interface LiveOptions {
  /** Simulated ms per wall-clock ms (1 = real time, 60 = a minute per second). */
  speed?: number;
  /** Wall-clock ms between generate() calls. */
  intervalMs?: number;
  /**
   * Receives each non-empty batch. When it returns a promise, no further batch is made until it
   * settles: a slow consumer gets bigger batches, never a growing queue.
   */
  onBatch: (result: GenerateResult) => void | Promise<void>;
  /** Simulated epoch ms at which to stop (exclusive end of the data); default: run until stop(). */
  until?: number;
  /** Called once after the batch reaching `until` has been handled; the driver has stopped. */
  onEnd?: () => void;
  /** Called when generate() or onBatch fails; the driver stops first. Default: log to stderr. */
  onError?: (error: unknown) => void;
  /** Wall clock; injectable for tests. */
  now?: () => number;
}

/**
 * Runs a simulator against the wall clock: every interval it generates up to
 * `position at start + elapsed · speed`. Because the simulator is chunking-invariant, the data is
 * the same as an offline run with the same config, only delivered as time passes.
 */
export class LiveDriver {
  private timer: ReturnType<typeof setInterval> | null = null;
  private busy = false;
  private wallStart = 0;
  private simStart = 0;
  private readonly speed: number;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly sim: Simulator,
    private readonly options: LiveOptions,
  ) {
    this.speed = options.speed ?? 1;
    this.intervalMs = options.intervalMs ?? 100;
    if (!(this.speed > 0) || !Number.isFinite(this.speed)) throw new LabError('usage', `invalid speed ${String(options.speed)} (use a number > 0)`);
    if (options.until !== undefined && !Number.isFinite(options.until)) throw new LabError('usage', `invalid end time ${String(options.until)}`);
    if (!(this.intervalMs >= 1) || !Number.isFinite(this.intervalMs)) {
      throw new LabError('usage', `invalid interval ${String(options.intervalMs)} ms (use a number >= 1)`);
    }
    this.now = options.now ?? Date.now;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  start(): this {
    if (this.timer) return this;
    this.wallStart = this.now();
    this.simStart = this.sim.position;
    this.timer = setInterval(() => this.step(), this.intervalMs);
    return this;
  }

  /** Stops the timer; a batch already handed to onBatch is allowed to finish. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One tick of the driver; public so a caller can force a catch-up (e.g. before stop). */
  step(): void {
    if (this.busy || !this.timer) return;
    const until = this.options.until ?? Infinity;
    const target = Math.min(until, this.simStart + (this.now() - this.wallStart) * this.speed);
    if (target <= this.sim.position) return this.endIfDone();
    let pending: void | Promise<void> = undefined;
    try {
      const result = this.sim.generate(target);
      if (result.batch.length > 0 || result.events.length > 0) pending = this.options.onBatch(result);
    } catch (e) {
      this.fail(e);
      return;
    }
    if (pending && typeof pending.then === 'function') {
      this.busy = true;
      pending.then(
        () => {
          this.busy = false;
          this.endIfDone();
        },
        (e: unknown) => {
          this.busy = false;
          this.fail(e);
        },
      );
    } else this.endIfDone();
  }

  private endIfDone(): void {
    if (this.timer && this.options.until !== undefined && this.sim.position >= this.options.until) {
      this.stop();
      this.options.onEnd?.();
    }
  }

  private fail(error: unknown): void {
    this.stop();
    if (this.options.onError) this.options.onError(error);
    else console.error('live simulator stopped:', error);
  }
}
