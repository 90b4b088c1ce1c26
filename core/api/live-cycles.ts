import { firstLineOf } from '../model';
import { LiveCycles, type LiveCycleEvent } from '../cycles';
import type { Ingestor } from '../ingest/ingestor';
import { createProfile } from '../sim/profiles';
import { VOLTAGE_SENSOR } from '../sim/profiles/electrical';
import type { LiveCycleFrame } from './contract';

/** Closed cycles are pushed to the UIs in frames at most this often… */
const FRAME_MS = 250;
/** …and at most this many per frame: 500 machines at 1000× speed must not flood a socket. */
const MAX_PER_FRAME = 1000;

/** The sensors of a profile that carry load cycles: a drive's supply voltage (motor, press). */
export function cycleSensors(profile: string): string[] {
  return createProfile(profile)
    .sensors.filter((s) => s.name === VOLTAGE_SENSOR.name)
    .map((s) => s.name);
}

/**
 * Live cycles of the Lab's running simulation: the online detector (auto mode) on the ingest bus
 * for the profile's cycle sensors; every closed cycle is saved to `cycles` and pushed to the UIs
 * as a `cycles` event, batched per frame.
 */
export class LabLiveCycles {
  private live: LiveCycles | null = null;
  private queued: LiveCycleEvent[] = [];
  private dropped = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ingestor: Ingestor,
    private readonly push: (frame: LiveCycleFrame) => void,
    private readonly onError: (message: string) => void,
  ) {}

  get detector(): string | null {
    return this.live?.detector ?? null;
  }

  /** (Re)starts for a new simulation: fresh detectors, since the new run's stream starts over. */
  async start(profile: string): Promise<void> {
    await this.stop();
    const sensors = cycleSensors(profile);
    if (sensors.length === 0) return;
    this.live = new LiveCycles(this.ingestor, {
      sensors,
      onCycle: (event) => this.enqueue(event),
      onError: (e) => this.onError(`live cycles: ${firstLineOf(e)}`),
    });
    this.live.start();
  }

  /** Stops listening, waits for pending saves and pushes what is still queued. */
  async stop(): Promise<void> {
    const live = this.live;
    this.live = null;
    if (live) await live.stop();
    this.flush();
  }

  private enqueue(event: LiveCycleEvent): void {
    if (this.queued.length < MAX_PER_FRAME) this.queued.push(event);
    else this.dropped++;
    this.timer ??= setTimeout(() => this.flush(), FRAME_MS);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queued.length === 0 && this.dropped === 0) return;
    const frame = { cycles: this.queued, dropped: this.dropped };
    this.queued = [];
    this.dropped = 0;
    this.push(frame);
  }
}
