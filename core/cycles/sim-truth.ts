import { DEFAULT_MOTOR, Random, Simulator } from '../sim';
import { pressTruth, type Interval } from './score';

/** A simulated voltage series with its true load cycles (for tests and the benchmark). */
export interface TruthSignal {
  ts: Float64Array;
  values: Float64Array;
  truth: Interval[];
  periodMs: number;
}

export const SIM_START = Date.UTC(2026, 2, 1);
const PERIOD_MS = 100;

function generate(profile: 'press' | 'motor', seed: number, durationMs: number) {
  const sim = new Simulator({ profile, machines: 1, seed, start: SIM_START, faults: 'none' });
  const chunks = [...sim.chunks(SIM_START + durationMs, 3_600_000)];
  const n = chunks.reduce((k, c) => k + c.batch.length, 0);
  const ts = new Float64Array(n);
  const values = new Float64Array(n);
  let at = 0;
  for (const { batch } of chunks) {
    ts.set(batch.ts.subarray(0, batch.length), at);
    values.set(batch.value.subarray(0, batch.length), at);
    at += batch.length;
  }
  return { ts, values, events: chunks.flatMap((c) => c.events) };
}

/** The press profile: its `cycle` events are the truth (load start to last loaded sample). */
export function pressSignal(seed: number, durationMs: number): TruthSignal {
  const { ts, values, events } = generate('press', seed, durationMs);
  return { ts, values, truth: pressTruth(events, 'M-001', PERIOD_MS), periodMs: PERIOD_MS };
}

/**
 * The motor profile: the load is the positive half-wave of its sinusoid, so the truth is every
 * run of samples where the noise-free wave is above its base. The phase is the first draw of the
 * machine's `profile` stream (see sim/profiles/motor.ts).
 */
export function motorSignal(seed: number, durationMs: number): TruthSignal {
  const { ts, values } = generate('motor', seed, durationMs);
  const { cycleS } = DEFAULT_MOTOR;
  const phaseS = Random.stream(seed, 0, 'profile').uniform(0, cycleS);
  const omega = (2 * Math.PI) / cycleS;
  const truth: Interval[] = [];
  let open = -1;
  for (let i = 0; i < ts.length; i++) {
    const loaded = Math.sin(omega * ((ts[i]! - SIM_START) / 1000 + phaseS)) > 0;
    if (loaded && open < 0) open = i;
    if (!loaded && open >= 0) {
      truth.push({ start: ts[open]!, end: ts[i - 1]! });
      open = -1;
    }
  }
  return { ts, values, truth, periodMs: PERIOD_MS };
}

export interface Disturbances {
  /** Single-sample spikes per sample (up or down by 3–8 units). */
  spikeRate: number;
  /** Bursts of 2…`glitchMaxSamples` samples at a loaded level, placed in idle stretches. */
  glitchRate: number;
  glitchMaxSamples: number;
  glitchLevel: number;
  /** Slow additive drift: amplitude and period of a sine. */
  driftAmplitude: number;
  driftPeriodMs: number;
}

/**
 * Adds what a segmenter must survive: slow drift of both levels, single-sample spikes anywhere,
 * and sub-minimum glitches (short bursts at load level) in idle stretches at least 2 s away from
 * any true boundary. Returns a new values array.
 */
export function disturb(signal: TruthSignal, seed: number, d: Disturbances): Float64Array {
  const rng = Random.stream(seed, 0, 'disturb');
  const { ts, truth, periodMs } = signal;
  const out = Float64Array.from(signal.values);
  for (let i = 0; i < out.length; i++) {
    out[i] = out[i]! + d.driftAmplitude * Math.sin((2 * Math.PI * (ts[i]! - ts[0]!)) / d.driftPeriodMs);
    if (rng.chance(d.spikeRate)) out[i] = Math.max(0, out[i]! + (rng.chance(0.5) ? 1 : -1) * rng.uniform(3, 8));
  }
  const margin = 2000;
  let c = 0;
  for (let i = 0; i < out.length; i++) {
    if (!rng.chance(d.glitchRate)) continue;
    const width = rng.int(2, d.glitchMaxSamples);
    const t0 = ts[i]!;
    const t1 = t0 + width * periodMs;
    while (c < truth.length && truth[c]!.end + margin < t0) c++;
    const near = truth.slice(Math.max(0, c - 1), c + 2).some((x) => t1 + margin > x.start && t0 - margin < x.end);
    if (near) continue;
    for (let k = i; k < Math.min(out.length, i + width); k++) out[k] = d.glitchLevel + rng.normal(0, 0.3);
  }
  return out;
}
