import { TrendHistory, trendBase, trendFeatureNames } from './trend-features';
import type { CommittedBatch, Ingestor } from '../ingest/ingestor';
import { LabError } from '../model';
import { AlertGate, type AlertPolicy } from './alert-gate';
import { StreamingDetector } from './anomaly';
import { DriftMonitor, type DriftCheck } from './drift';
import { storeLive, type LiveAlert, type LivePrediction } from './live-store';
import { LiveWindows } from './live-windows';
import type { ModelFile } from './model-file';
import { modelFromJSON } from './train';
import type { Model } from './types';

/**
 * Live use of the promoted series model: on every committed batch of the ingest bus, readings go
 * into bounded per-machine windows (live-windows.ts, the same statistics the model was trained
 * on); each window that closes is scored, stored in `predictions`, and passed through the
 * machine's alert gate (threshold = the model's decision threshold unless given, hysteresis,
 * cooldown). Every live series also feeds a streaming anomaly detector (anomaly.ts) with a gate
 * of its own, and the live scores feed a drift monitor against the model's held-out scores
 * (drift.ts). Storage is one small transaction per batch, chained in commit order.
 */
export interface LiveScorerOptions {
  model: ModelFile;
  /** NAME@VERSION, written with each prediction. */
  modelId: string;
  /** Failure-risk alerts; threshold defaults to the model's decision threshold. */
  alert?: Partial<AlertPolicy>;
  /** Anomaly alerts per series (threshold on the 0..1 anomaly score); null turns them off. */
  anomaly?: Partial<AlertPolicy> | null;
  /** JSD over which a drift alert is raised (default 0.2), and live scores needed first. */
  drift?: { threshold?: number; minScores?: number };
  save?: boolean;
  onPrediction?: (p: LivePrediction) => void;
  onAlert?: (a: LiveAlert) => void;
  onError?: (error: unknown) => void;
}

const DEFAULT_COOLDOWN_WINDOWS = 30;

export class LiveScorer {
  readonly windows: LiveWindows;
  readonly scored: { windows: number; alerts: number; anomalies: number } = { windows: 0, alerts: 0, anomalies: 0 };
  private readonly model: Model;
  private readonly policy: AlertPolicy;
  private readonly anomalyPolicy: AlertPolicy | null;
  private readonly gates = new Map<string, AlertGate>();
  private readonly detectors = new Map<string, { detector: StreamingDetector; gate: AlertGate; lastTs: number }>();
  private readonly drift: DriftMonitor | null;
  private readonly trend: TrendHistory | null;
  private driftRaised = false;
  private saving: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly ingestor: Ingestor,
    private readonly options: LiveScorerOptions,
  ) {
    const { model } = options;
    const windowMs = Number(model.params.windowMs);
    if (model.data.source !== 'readings' || !(windowMs > 0)) throw new LabError('invalid_input', `${options.modelId} is not a series model (live scoring needs windows of readings)`);
    if (model.label !== 'failure') throw new LabError('invalid_input', `${options.modelId} predicts ${model.label}; live scoring and alerts take a failure model`);
    this.model = modelFromJSON(model.model);
    const sensors = [...new Set(model.model.features.map((f) => trendBase(f)).map((f) => f.slice(0, f.lastIndexOf('.'))))].sort();
    this.windows = new LiveWindows(windowMs, sensors);
    // The trend features the model was trained with (trend-features.ts), by the same rule.
    const trendMs = Number(model.data.trendMs ?? 0);
    this.trend = trendMs > 0 ? new TrendHistory(this.windows.featureNames(), trendMs) : null;
    this.policy = { threshold: model.threshold ?? 0.5, hysteresis: 0.1, cooldownMs: DEFAULT_COOLDOWN_WINDOWS * windowMs, ...options.alert };
    this.anomalyPolicy = options.anomaly === null ? null : { threshold: 0.9, hysteresis: 0.4, cooldownMs: 10 * windowMs, ...options.anomaly };
    const reference = model.metrics.scoreHistogram;
    this.drift = Array.isArray(reference) ? new DriftMonitor(reference as number[], options.drift?.threshold, options.drift?.minScores) : null;
  }

  start(): void {
    if (!this.unsubscribe) this.unsubscribe = this.ingestor.onCommitted((c) => this.offer(c));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.saving;
  }

  /** Divergence of the live scores from the training ones (null: no reference, or too few yet). */
  driftStatus(): DriftCheck | null {
    return this.drift?.check() ?? null;
  }

  flushed(): Promise<void> {
    return this.saving;
  }

  offer({ batch }: CommittedBatch): void {
    const alerts: LiveAlert[] = [];
    let start = 0;
    for (let i = 1; i <= batch.length; i++) {
      if (i < batch.length && batch.machine[i] === batch.machine[start] && batch.sensor[i] === batch.sensor[start]) continue;
      const machine = batch.machines[batch.machine[start]!]!;
      const sensor = batch.sensors[batch.sensor[start]!]!;
      const ts = batch.ts.subarray(start, i);
      const values = batch.value.subarray(start, i);
      this.windows.add(machine, sensor, ts, values);
      if (this.anomalyPolicy) this.detect(machine, sensor, ts, values, alerts);
      start = i;
    }
    const predictions = this.score(alerts);
    for (const p of predictions) this.options.onPrediction?.(p);
    for (const a of alerts) this.options.onAlert?.(a);
    if (this.options.save !== false && (predictions.length > 0 || alerts.length > 0)) {
      this.saving = this.saving.then(() => storeLive(this.ingestor.ws, predictions, alerts)).catch((e: unknown) => this.options.onError?.(e));
    }
  }

  private score(alerts: LiveAlert[]): LivePrediction[] {
    const closed = this.windows.close();
    if (closed.length === 0) return [];
    const base = this.windows.featureNames();
    const names = this.trend ? [...base, ...trendFeatureNames(base)] : base;
    const rows = closed.map((w) => (this.trend ? Float64Array.of(...w.stats, ...this.trend.next(w.machine, w.start, w.stats)) : w.stats));
    const columns = this.model.features.map((f) => {
      const k = names.indexOf(f);
      return Float64Array.from(rows, (stats) => (k < 0 ? NaN : stats[k]!));
    });
    const scores = this.model.predict({ names: this.model.features, columns, rows: closed.length });
    const predictions: LivePrediction[] = [];
    closed.forEach((w, i) => {
      const score = scores[i]!;
      const ts = w.start + this.windows.windowMs;
      let gate = this.gates.get(w.machine);
      if (!gate) this.gates.set(w.machine, (gate = new AlertGate(this.policy)));
      const alert = gate.offer(score, ts);
      predictions.push({ machine: w.machine, ts, model: this.options.modelId, score, alert });
      if (alert) {
        this.scored.alerts++;
        alerts.push({ kind: 'failure-risk', machine: w.machine, sensor: null, ts, score, threshold: this.policy.threshold, source: this.options.modelId, detail: { windowStart: w.start } });
      }
      this.drift?.add(score);
    });
    this.scored.windows += closed.length;
    this.checkDrift(closed[closed.length - 1]!.start + this.windows.windowMs, alerts);
    return predictions;
  }

  private checkDrift(ts: number, alerts: LiveAlert[]): void {
    const check = this.drift?.check();
    if (!check) return;
    // One warning per excursion: raised on crossing over, re-armed once back under.
    if (check.drifted && !this.driftRaised) {
      alerts.push({ kind: 'drift', machine: '*', sensor: null, ts, score: check.divergence, threshold: check.threshold, source: this.options.modelId, detail: { liveScores: check.liveScores } });
    }
    this.driftRaised = check.drifted;
  }

  private detect(machine: string, sensor: string, ts: Float64Array, values: Float64Array, alerts: LiveAlert[]): void {
    const key = `${machine}\u0000${sensor}`;
    let state = this.detectors.get(key);
    if (!state) this.detectors.set(key, (state = { detector: new StreamingDetector(), gate: new AlertGate(this.anomalyPolicy!), lastTs: -Infinity }));
    for (let i = 0; i < ts.length; i++) {
      if (ts[i]! < state.lastTs) continue;
      state.lastTs = ts[i]!;
      const score = state.detector.push(values[i]!);
      if (state.gate.offer(score, ts[i]!)) {
        this.scored.anomalies++;
        alerts.push({ kind: 'anomaly', machine, sensor, ts: ts[i]!, score, threshold: this.anomalyPolicy!.threshold, source: 'streaming-detector', detail: { value: values[i]! } });
      }
    }
  }
}
