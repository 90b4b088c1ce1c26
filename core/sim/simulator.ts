import { allocateBatch, LabError, type LabEvent, type ReadingBatch, type SensorSpec } from '../model';
import { DataFaults } from './data-faults';
import { FaultTrack } from './fault-track';
import { resolveFaults, resolveTiming, type ActiveFaults, type FaultSelection, type FaultTiming } from './faults';
import { createProfile, type MotorParams, type Profile, type ProfileMachine } from './profiles';
import { Random } from './random';

export interface SimulatorConfig {
  /** `servo`, `fleet`, `motor` or `press`. */
  profile: string;
  /** Number of machines, 1..10000, named M-001, M-002, … */
  machines: number;
  /** Any finite number; the same seed gives bit-identical output. */
  seed: number;
  /** Epoch ms of the first reading. */
  start: number;
  /** `none` (default), `all`, or a list / comma-separated list of fault kinds. */
  faults?: FaultSelection;
  /** Overrides of the mean waiting times between faults (e.g. to see failures in a short demo). */
  faultTiming?: Partial<FaultTiming>;
  /** Waveform parameters of the `motor` profile. */
  motor?: Partial<MotorParams> | undefined;
}

export interface GenerateResult {
  /** Rows grouped by machine, then sensor, then ascending time. */
  batch: ReadingBatch;
  /** Ground truth whose onset falls in this call's time range, ascending by onset. */
  events: LabEvent[];
}

export const MAX_MACHINES = 10_000;
/** One call may not allocate more than this (20 bytes a row); larger spans go in steps. */
export const MAX_ROWS_PER_CALL = 50_000_000;
const MAX_START = Date.UTC(2200, 0, 1);

/** Machine names are zero-padded to three digits so they sort naturally up to M-999. */
export function machineName(index: number): string {
  return `M-${String(index + 1).padStart(3, '0')}`;
}

interface MachineSlot {
  sim: ProfileMachine;
  /** Time of tick 0; tick k is at origin + k·period. */
  origin: number;
  /** First tick not yet generated. */
  next: number;
  track: FaultTrack | null;
  data: DataFaults | null;
}

/**
 * Deterministic machine simulator. Each machine advances tick by tick from its own random
 * streams, so the output depends only on the config — never on how the time range is split
 * into generate() calls (live drivers cut it by wall clock, the CLI by chunk size).
 */
export class Simulator {
  readonly profile: Profile;
  readonly faults: ActiveFaults;
  private readonly names: string[];
  private readonly slots: MachineSlot[];
  private readonly drops: number[] = [];
  private cursor: number;

  constructor(config: SimulatorConfig) {
    validateConfig(config);
    this.profile = createProfile(config.profile, { motor: config.motor });
    const sensorNames = this.profile.sensors.map((s) => s.name);
    this.faults = resolveFaults(config.faults ?? 'none', config.profile, sensorNames);
    const timing = resolveTiming(config.faultTiming);
    const { seed, start } = config;
    const period = this.profile.periodMs;
    this.cursor = start;
    this.names = Array.from({ length: config.machines }, (_, i) => machineName(i));
    const anyData = this.faults.data.stuck || this.faults.data.dropout || this.faults.data.spike;
    this.slots = this.names.map((name, index) => {
      // A small whole-millisecond phase offset so machines do not all report on the same instant.
      const origin = start + Random.stream(seed, index, 'phase').int(0, period - 1);
      const track = this.faults.physical.length
        ? new FaultTrack(this.faults.physical, Random.stream(seed, index, 'physical'), start, timing.physicalGapMs)
        : null;
      const rng = Random.stream(seed, index, 'profile');
      const sim = this.profile.createMachine({ index, name, start, origin, periodMs: period, rng, faults: track });
      const data = anyData ? new DataFaults(this.faults.data, this.profile.sensors, timing, period, origin, seed, index) : null;
      return { sim, origin, next: 0, track, data };
    });
  }

  sensors(): SensorSpec[] {
    return this.profile.sensors.map((s) => ({ ...s }));
  }

  machineNames(): string[] {
    return [...this.names];
  }

  /** Epoch ms up to which readings have been generated (exclusive). */
  get position(): number {
    return this.cursor;
  }

  /** Produces every reading in [position, untilMs) and the ground truth starting there, then advances. */
  generate(untilMs: number): GenerateResult {
    if (typeof untilMs !== 'number' || !Number.isFinite(untilMs)) {
      throw new LabError('usage', `generate needs a finite time, got ${String(untilMs)}`);
    }
    const from = this.cursor;
    const sensorCount = this.profile.sensors.length;
    const sensorNames = this.profile.sensors.map((s) => s.name);
    if (untilMs <= from) return { batch: allocateBatch(0, this.names, sensorNames), events: [] };
    const period = this.profile.periodMs;
    const ends = new Float64Array(this.slots.length);
    let rows = 0;
    this.slots.forEach((slot, m) => {
      ends[m] = firstTickAtOrAfter(slot.origin, period, untilMs);
      rows += Math.max(0, ends[m]! - slot.next) * sensorCount;
    });
    if (rows > MAX_ROWS_PER_CALL) {
      throw new LabError('usage', `generate would make ${rows} readings in one call (max ${MAX_ROWS_PER_CALL}); advance in smaller steps`);
    }
    const batch = allocateBatch(rows, this.names, sensorNames);
    const events: LabEvent[] = [];
    let offset = 0;
    for (let m = 0; m < this.slots.length; m++) {
      const slot = this.slots[m]!;
      const name = this.names[m]!;
      slot.track?.eventsIn(from, untilMs, name, events);
      const k0 = slot.next;
      const n = Math.max(0, ends[m]! - k0);
      slot.next = k0 + n;
      if (n === 0) continue;
      slot.sim.run(k0, n, batch.value, offset, events);
      let kept = n;
      if (slot.data) {
        slot.data.apply(k0, n, batch.value, offset, name, events, this.drops);
        if (this.drops.length) kept = compact(batch.value, offset, n, sensorCount, this.drops);
      }
      writeKeys(batch, offset, m, sensorCount, kept, slot.origin, period, k0, n, this.drops);
      if (this.drops.length) this.drops.length = 0;
      offset += sensorCount * kept;
    }
    batch.length = offset;
    this.cursor = untilMs;
    // Stable sort: ties keep machine order, then the fixed order sources are visited in — the same
    // whatever the chunking, so concatenated calls equal one big call.
    events.sort((a, b) => a.onset - b.onset);
    return { batch, events };
  }

  /** generate() in steps of `stepMs` up to `untilMs`: bounded memory for long spans. */
  *chunks(untilMs: number, stepMs: number): Generator<GenerateResult> {
    if (!(stepMs > 0) || !Number.isFinite(stepMs)) throw new LabError('usage', `invalid step ${String(stepMs)} ms`);
    while (this.cursor < untilMs) yield this.generate(Math.min(untilMs, this.cursor + stepMs));
  }
}

/** Smallest k >= 0 with origin + k·period >= until, using the exact expression ts are computed with. */
function firstTickAtOrAfter(origin: number, period: number, until: number): number {
  let k = Math.max(0, Math.ceil((until - origin) / period));
  while (k > 0 && origin + (k - 1) * period >= until) k--;
  while (origin + k * period < until) k++;
  return k;
}

/**
 * Removes dropped ticks from one machine's sensor-major value block in place; returns the ticks
 * kept. Copies only move rows towards the front, so copyWithin's memmove semantics keep it safe.
 */
function compact(values: Float64Array, offset: number, n: number, sensorCount: number, drops: readonly number[]): number {
  let write = offset;
  for (let s = 0; s < sensorCount; s++) {
    const base = offset + s * n;
    let from = 0;
    for (let i = 0; i <= drops.length; i += 2) {
      const to = i < drops.length ? drops[i]! : n;
      if (to > from) {
        values.copyWithin(write, base + from, base + to);
        write += to - from;
      }
      if (i < drops.length) from = drops[i + 1]!;
    }
  }
  return (write - offset) / sensorCount;
}

/**
 * Fills the ts, machine and sensor columns of one machine's block of `kept` ticks per sensor.
 * Short blocks (live calls: a tick or two per machine) use plain loops, where the builtins' call
 * overhead would dominate; long blocks use fill/copyWithin, which run at memory speed.
 */
function writeKeys(
  batch: ReadingBatch,
  offset: number,
  m: number,
  sensorCount: number,
  kept: number,
  origin: number,
  period: number,
  k0: number,
  n: number,
  drops: readonly number[],
): void {
  const { ts, machine, sensor } = batch;
  if (kept === n) for (let j = 0; j < n; j++) ts[offset + j] = origin + (k0 + j) * period;
  else writeKeptTimes(ts, offset, origin, period, k0, n, drops);
  if (kept >= 64) {
    for (let s = 1; s < sensorCount; s++) ts.copyWithin(offset + s * kept, offset, offset + kept);
    machine.fill(m, offset, offset + sensorCount * kept);
    for (let s = 0; s < sensorCount; s++) sensor.fill(s, offset + s * kept, offset + (s + 1) * kept);
    return;
  }
  for (let s = 0; s < sensorCount; s++) {
    const base = offset + s * kept;
    for (let j = 0; j < kept; j++) {
      if (s > 0) ts[base + j] = ts[offset + j]!;
      machine[base + j] = m;
      sensor[base + j] = s;
    }
  }
}

/** Times of the ticks [k0, k0 + n) that survive the dropped [from, to) offsets. */
function writeKeptTimes(ts: Float64Array, at: number, origin: number, period: number, k0: number, n: number, drops: readonly number[]): void {
  let from = 0;
  for (let i = 0; i <= drops.length; i += 2) {
    const to = i < drops.length ? drops[i]! : n;
    for (let j = from; j < to; j++) ts[at++] = origin + (k0 + j) * period;
    if (i < drops.length) from = drops[i + 1]!;
  }
}

function validateConfig(config: SimulatorConfig): void {
  if (typeof config !== 'object' || config === null) throw new LabError('usage', 'simulator config must be an object');
  const { machines, seed, start } = config;
  if (typeof config.profile !== 'string') throw new LabError('usage', 'simulator profile must be a name (servo, fleet, motor, press)');
  if (typeof machines !== 'number' || !Number.isInteger(machines) || machines < 1 || machines > MAX_MACHINES) {
    throw new LabError('usage', `invalid machine count ${String(machines)} (use a whole number from 1 to ${MAX_MACHINES})`);
  }
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new LabError('usage', `invalid seed ${String(seed)} (use a finite number)`);
  if (typeof start !== 'number' || !Number.isFinite(start) || start < 0 || start >= MAX_START) {
    throw new LabError('usage', `invalid start ${String(start)} (use epoch ms between 1970 and 2200)`);
  }
}
