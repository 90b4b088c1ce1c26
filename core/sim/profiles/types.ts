import type { LabEvent, SensorSpec } from '../../model';
import type { FaultTrack } from '../fault-track';
import type { Random } from '../random';

/** Everything a profile needs to set up one machine. */
export interface MachineContext {
  index: number;
  name: string;
  /** Simulation start (epoch ms). */
  start: number;
  /** Time of this machine's tick 0 (start plus a small phase offset). */
  origin: number;
  periodMs: number;
  /** This machine's own stream for the profile's physics. */
  rng: Random;
  /** Physical-fault timeline, or null when no physical fault applies (then the profile stays healthy). */
  faults: FaultTrack | null;
}

/** One simulated machine: its physics state lives here between generate() calls. */
export interface ProfileMachine {
  /**
   * Simulates ticks [k0, k0 + n) (tick k happens at origin + k·period) and writes sensor s of the
   * j-th tick to `values[offset + s*n + j]` — sensor-major, the layout the batch wants.
   * Appends ground truth whose onset falls on one of these ticks (e.g. press cycles).
   */
  run(k0: number, n: number, values: Float64Array, offset: number, events: LabEvent[]): void;
}

export interface Profile {
  readonly name: string;
  readonly periodMs: number;
  readonly sensors: readonly SensorSpec[];
  createMachine(ctx: MachineContext): ProfileMachine;
}
