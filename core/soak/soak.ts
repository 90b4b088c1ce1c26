import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ErrorEnvelope, LiveCycleFrame } from '../api/contract';
import { Lab, type LabSession } from '../api/lab';
import type { ModelResponses } from '../api/model-contract';
import { firstLineOf, LabError } from '../model';
import { machineName, Simulator } from '../sim';
import type { LiveSeriesFrame } from '../stream/live-feed';
import { memoryTrend, SampleSeries, type SoakSample } from './samples';

export { memoryTrend, type SoakSample } from './samples';

/**
 * The soak runs the press profile: one voltage sensor at 10 Hz per machine, so the Lab's live
 * cycle detector runs on every series; a series model trained on a press history first (and
 * promoted to live) makes live scoring, anomaly detection and alerts run on the same stream.
 */
export const SOAK_PROFILE = 'press';
const HZ_PER_MACHINE = 10;
/** The limits of LabApi `simulationStart`. */
const MAX_MACHINES = 500;
const MIN_SPEED = 0.1;
const MAX_SPEED = 1000;
export const MIN_SOAK_RATE = HZ_PER_MACHINE * MIN_SPEED;
export const MAX_SOAK_RATE = MAX_MACHINES * HZ_PER_MACHINE * MAX_SPEED;
/** The sample buffer is allocated up front; a run may not ask for more samples than this. */
export const MAX_SOAK_SAMPLES = 100_000;
/** The target: RSS growth after warm-up, extrapolated to 10 minutes. */
export const SOAK_TARGET_MB_PER_10_MIN = 50;
/** The run counts only when the stream kept up: at least this share of the asked rate after warm-up. */
export const SOAK_MIN_RATE_SHARE = 0.9;
/** Series a UI-like session watches (a 4 × 4 grid of live charts). */
const SUBSCRIBED_SERIES = 16;
/** The press history the live model is trained on: machines × span, faults every hour or so. */
const HISTORY_MACHINES = 4;
const HISTORY_MS = 6 * 3_600_000;

export interface SoakPlan {
  profile: string;
  machines: number;
  speed: number;
  /** machines × 10 Hz × speed: the rate the simulation is asked for (≈ the requested one). */
  plannedRate: number;
}

/** Machines and speed for ≈ `rate` readings/s: as many machines as make it at real time (≤ 500), then speed. */
export function soakPlan(rate: number): SoakPlan {
  if (!(rate >= MIN_SOAK_RATE && rate <= MAX_SOAK_RATE)) {
    throw new LabError('usage', `rate must be from ${MIN_SOAK_RATE} to ${MAX_SOAK_RATE} readings/s (got ${rate})`);
  }
  const machines = Math.min(MAX_MACHINES, Math.max(1, Math.round(rate / HZ_PER_MACHINE)));
  const speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, rate / (machines * HZ_PER_MACHINE)));
  return { profile: SOAK_PROFILE, machines, speed, plannedRate: machines * HZ_PER_MACHINE * speed };
}


export interface SoakOptions {
  /** Workspace file to create; default a new one in a temp dir, removed afterwards. Must not exist. */
  db?: string;
  durationMs: number;
  /** Readings per second to simulate. */
  rate: number;
  sampleEveryMs?: number;
  /** Samples before this are left out of the trend; default min(1 min, duration / 5). */
  warmupMs?: number;
  /** Train and promote a live series model first so live scoring runs (default true). */
  model?: boolean;
  seed?: number;
  onSample?: (sample: SoakSample, index: number) => void;
  /** Setup steps, for a human watching. */
  onStatus?: (line: string) => void;
  /** Stops the soak early; the result is still computed (`cancelled: true`). */
  signal?: AbortSignal;
}

export interface SoakResult extends SoakPlan {
  rate: number;
  durationMs: number;
  warmupMs: number;
  sampleEveryMs: number;
  /** Seconds from the simulation's start to the last sample. */
  elapsedS: number;
  readings: number;
  /** Readings stored per second, whole run and after warm-up. */
  achievedRate: number;
  achievedRateAfterWarmup: number | null;
  samples: SoakSample[];
  /** RSS of the first sample at or after the warm-up, MB. */
  referenceRssMb: number | null;
  /** Least-squares slope of RSS (MB) over time after warm-up. */
  slopeMbPerMin: number | null;
  slopeMbPer10Min: number | null;
  /** RSS of the last sample minus the reference, MB (measured, not extrapolated). */
  growthMb: number | null;
  heapSlopeMbPer10Min: number | null;
  /** The slope of DuckDB's own memory (duckdb_memory()) after warm-up, MB per 10 min. */
  duckdbSlopeMbPer10Min: number | null;
  targetMbPer10Min: number;
  /** slope × 10 min < target, the rate kept up, and nothing in the live path failed. */
  pass: boolean;
  live: {
    /** The live series model scoring the stream, or why there is none. */
    model: string | null;
    frames: number;
    points: number;
    cycles: number;
    predictions: number;
    alerts: number;
    errors: number;
    lastError: string | null;
  };
  cancelled: boolean;
}

/**
 * The live path under load for a while: a Lab on a new file workspace, a live press simulation at
 * ≈ `rate` readings/s with live cycles and (after training a quick series model) live scoring, and
 * a session subscribed to live frames like a UI. Samples process memory and the readings stored
 * every `sampleEveryMs`, then fits the RSS trend after warm-up. Always stops and closes cleanly.
 */
/**
 * Warm-up: a fifth of the run, at most 2 min — at 50,000 readings/s DuckDB's cache of the tables
 * being written fills its 256 MiB cap in about 2 min, and only growth past a full cache is a leak.
 */
export function defaultWarmupMs(durationMs: number): number {
  return Math.min(120_000, durationMs / 5);
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const { durationMs, rate } = options;
  const sampleEveryMs = options.sampleEveryMs ?? 10_000;
  const warmupMs = options.warmupMs ?? defaultWarmupMs(durationMs);
  if (!(durationMs > 0) || !Number.isFinite(durationMs)) throw new LabError('usage', `invalid soak duration ${durationMs} ms`);
  if (!(sampleEveryMs >= 100) || !Number.isFinite(sampleEveryMs)) throw new LabError('usage', 'the sample interval must be at least 100 ms');
  if (!(warmupMs >= 0 && warmupMs < durationMs)) throw new LabError('usage', 'the warm-up must be shorter than the duration');
  const capacity = Math.ceil(durationMs / sampleEveryMs) + 2;
  if (capacity > MAX_SOAK_SAMPLES) throw new LabError('usage', `that soak would take ${capacity} samples (at most ${MAX_SOAK_SAMPLES}); sample less often`);
  const plan = soakPlan(rate);
  const seed = options.seed ?? 1;
  if (options.db !== undefined && existsSync(options.db)) throw new LabError('usage', `the soak needs a new workspace; ${options.db} exists`);
  const scratch = options.db === undefined ? mkdtempSync(join(tmpdir(), 'servolab-soak-')) : null;
  const db = options.db ?? join(scratch!, 'soak.duckdb');
  const status = options.onStatus ?? (() => undefined);

  const live = { model: null as string | null, frames: 0, points: 0, cycles: 0, predictions: 0, alerts: 0, errors: 0, lastError: null as string | null };
  const samples = new SampleSeries(capacity);
  let lab: Lab | null = null;
  let session: LabSession | null = null;
  let cancelled = false;
  let started = 0;
  try {
    lab = await Lab.open(db);
    // Like a UI: counts what it is sent and drops it, as a renderer's ring buffers would.
    session = lab.session((event, payload) => {
      if (event === 'live') {
        live.frames++;
        for (const s of (payload as { series: LiveSeriesFrame[] }).series) live.points += s.ts.length;
      } else if (event === 'cycles') {
        const frame = payload as LiveCycleFrame;
        live.cycles += frame.cycles.length + frame.dropped;
      } else if (event === 'alert') {
        live.alerts++;
      } else if (event === 'error') {
        live.errors++;
        live.lastError = (payload as ErrorEnvelope).message;
      }
    });
    if (options.model !== false) live.model = await trainLiveModel(lab, session, seed, status);
    else live.model = null;

    const machines = Array.from({ length: Math.min(plan.machines, SUBSCRIBED_SERIES) }, (_, i) => machineName(i));
    await session.call('liveSubscribe', { series: machines.map((machine) => ({ machine, sensor: 'voltage' })) });
    status(`live: ${plan.machines} ${plan.profile} machine(s) at ${round(plan.speed, 4)}× real time ≈ ${round(plan.plannedRate, 6)} readings/s for ${durationMs / 1000} s`);
    await session.call('simulationStart', { profile: plan.profile, machines: plan.machines, seed, speed: plan.speed, faults: 'electrical' });
    started = performance.now();

    const take = async () => {
      const m = process.memoryUsage();
      const t = (performance.now() - started) / 1000;
      const readings = lab!.simulation.status().stored;
      const [row] = await lab!.ws.rows<{ bytes: bigint | null }>(`SELECT sum(memory_usage_bytes)::BIGINT AS bytes FROM duckdb_memory()`);
      const sample = { t, rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, readings, duckdb: Number(row?.bytes ?? 0) };
      const index = samples.push(sample); // not inside onSample?.(…): its arguments are skipped when it is absent
      options.onSample?.(sample, index);
    };
    await take();
    for (let k = 1; !cancelled; k++) {
      const target = Math.min(durationMs, k * sampleEveryMs);
      // Timers may fire a little early; sleep again until the sample's time has really come.
      for (let wait = target - (performance.now() - started); wait > 0 && !cancelled; wait = target - (performance.now() - started)) {
        try {
          await sleep(Math.ceil(wait), undefined, { signal: options.signal });
        } catch {
          cancelled = true;
        }
      }
      if (options.signal?.aborted) cancelled = true;
      if (!lab.simulation.status().running) throw new LabError('internal', `the live simulation stopped: ${lab.simulation.status().lastError ?? live.lastError ?? 'no reason given'}`);
      await take();
      if (target >= durationMs) break;
    }
    await session.call('simulationStop', {});
    const [counts] = await lab.ws.rows<{ cycles: bigint; predictions: bigint; alerts: bigint }>(
      `SELECT (SELECT count(*) FROM cycles) AS cycles, (SELECT count(*) FROM predictions) AS predictions, (SELECT count(*) FROM alerts) AS alerts`,
    );
    live.predictions = Number(counts?.predictions ?? 0);
    // The pushed counts are what a UI saw; the stored ones are the ground truth of the run.
    live.cycles = Math.max(live.cycles, Number(counts?.cycles ?? 0));
    live.alerts = Math.max(live.alerts, Number(counts?.alerts ?? 0));
  } finally {
    if (lab) {
      if (session) lab.detach(session);
      await lab.close();
    }
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }

  const last = samples.length - 1;
  const trend = memoryTrend(samples, warmupMs);
  const elapsedS = samples.t[last]!;
  const readings = samples.readings[last]!;
  const achievedRate = elapsedS > 0 ? readings / elapsedS : 0;
  let achievedRateAfterWarmup: number | null = null;
  if (trend.first !== null && last > trend.first) {
    const dt = samples.t[last]! - samples.t[trend.first]!;
    achievedRateAfterWarmup = (samples.readings[last]! - samples.readings[trend.first]!) / dt;
  }
  const keptUp = (achievedRateAfterWarmup ?? achievedRate) >= SOAK_MIN_RATE_SHARE * plan.plannedRate;
  const pass = trend.slopeMbPer10Min !== null && trend.slopeMbPer10Min < SOAK_TARGET_MB_PER_10_MIN && keptUp && live.errors === 0;
  return {
    ...plan,
    rate,
    durationMs,
    warmupMs,
    sampleEveryMs,
    elapsedS: round(elapsedS, 4),
    readings,
    achievedRate: Math.round(achievedRate),
    achievedRateAfterWarmup: achievedRateAfterWarmup === null ? null : Math.round(achievedRateAfterWarmup),
    samples: Array.from({ length: samples.length }, (_, i) => samples.at(i)),
    referenceRssMb: roundOrNull(trend.referenceRssMb),
    slopeMbPerMin: roundOrNull(trend.slopeMbPerMin),
    slopeMbPer10Min: roundOrNull(trend.slopeMbPer10Min),
    growthMb: roundOrNull(trend.growthMb),
    heapSlopeMbPer10Min: roundOrNull(trend.heapSlopeMbPer10Min),
    duckdbSlopeMbPer10Min: roundOrNull(trend.duckdbSlopeMbPer10Min),
    targetMbPer10Min: SOAK_TARGET_MB_PER_10_MIN,
    pass,
    live,
    cancelled,
  };
}

/**
 * A quick series model on a press history with electrical faults (4 machines × 6 h, 20 trees),
 * through the same LabApi calls as the Models view, promoted to live so the soak's simulation is
 * scored. The history's readings are stored before the soak starts and are not counted in it.
 */
async function trainLiveModel(lab: Lab, session: LabSession, seed: number, status: (line: string) => void): Promise<string | null> {
  const start = Math.floor((Date.now() - HISTORY_MS - 3_600_000) / 60_000) * 60_000;
  const sim = new Simulator({ profile: SOAK_PROFILE, machines: HISTORY_MACHINES, seed: seed + 1, start, faults: 'electrical', faultTiming: { physicalGapMs: 3_600_000 } });
  await lab.ingestor.defineSensors(sim.sensors());
  let readings = 0;
  for (const { batch, events } of sim.chunks(start + HISTORY_MS, 600_000)) {
    readings += (await lab.ingestor.ingest(batch, { source: 'simulator', profile: SOAK_PROFILE, events })).stored;
  }
  try {
    const trained = (await session.call('trainStart', { name: 'soak', horizonMs: 600_000, trees: 20, seed })) as ModelResponses['trainStart'];
    await session.call('modelPromote', { model: trained.model });
    status(`model: ${trained.model} trained on ${readings} press readings (${trained.rows} windows) and promoted to live`);
    return trained.model;
  } catch (e) {
    // No live model means no live scoring; the soak still runs the rest of the live path.
    status(`model: none (${firstLineOf(e)}); live scoring is off`);
    return null;
  }
}

function round(x: number, digits = 3): number {
  return Number(x.toPrecision(digits + 2));
}

function roundOrNull(x: number | null): number | null {
  return x === null ? null : Math.round(x * 1000) / 1000;
}
