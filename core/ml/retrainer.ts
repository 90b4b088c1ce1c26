import { resolveTrendMs } from './trend-features';
import { firstLineOf, LabError } from '../model';
import type { Workspace } from '../store/workspace';
import { classification, metricAt, type ClassificationMetrics, type ThresholdMetric } from './metrics';
import { listModels, loadModelFile, promote, type ModelEntry } from './registry';
import { trainSeriesModel } from './series-train';
import { modelFromJSON, type TrainRequest } from './train';
import type { Matrix, TrainOptions } from './types';

/**
 * Periodic retraining (the ML platform's trainer, inside the workspace): every `everyMs`, train a
 * new version of a series model on the last `lookbackMs` of readings — measured back from the
 * newest reading, not the wall clock, so backfilled and sped-up simulations work the same — and
 * decide whether it goes live. With `promote: 'if-better'` the live version of that name is scored
 * on the new run's held-out windows (the latest data, which neither model trained on) and the new
 * version replaces it only when it does at least as well on the chosen metric; 'always' promotes
 * every successful run. A failed run (too little data, no failure in the window) is reported and
 * the schedule goes on; runs never overlap, and stopping cancels the one in progress.
 */
export interface RetrainSpec {
  name: string;
  windowMs: number;
  hopMs?: number;
  trendMs?: number;
  horizonMs: number;
  lookbackMs: number;
  everyMs: number;
  request: TrainRequest;
  promote: 'always' | 'if-better';
}

export interface RetrainRun {
  at: number;
  model: string | null;
  promoted: boolean;
  /** Why it was or was not promoted, or why the run failed. */
  decision: string;
  /** The new version's and the live one's metric on the same held-out windows (null: none). */
  score: number | null;
  liveScore: number | null;
  error: boolean;
}

export interface RetrainStatus {
  running: boolean;
  name: string | null;
  runs: number;
  promotions: number;
  failures: number;
  last: RetrainRun | null;
  /** When the next run starts (epoch ms), null when stopped or while a run is in progress. */
  nextAt: number | null;
}

export interface RetrainHooks {
  train?: TrainOptions;
  /** After a promotion, so live scoring switches to the new version. */
  promoted?: () => Promise<void>;
  onStatus?: (status: RetrainStatus) => void;
}

export class Retrainer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private job: AbortController | null = null;
  private current: Promise<RetrainRun> | null = null;
  private stopped = true;
  private nextAt: number | null = null;
  private counts = { runs: 0, promotions: 0, failures: 0 };
  private last: RetrainRun | null = null;

  constructor(
    private readonly ws: Workspace,
    readonly spec: RetrainSpec,
    private readonly hooks: RetrainHooks = {},
  ) {
    if (!(spec.lookbackMs > spec.windowMs)) throw new LabError('invalid_input', 'the lookback must be longer than the window');
  }

  /** Runs now, then every `everyMs` after each run starts. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextAt = null;
    this.job?.abort();
    await this.current?.catch(() => undefined);
    this.emit();
  }

  status(): RetrainStatus {
    return { running: !this.stopped, name: this.spec.name, ...this.counts, last: this.last, nextAt: this.nextAt };
  }

  /** One retraining run; never throws (a failure is a run with `error`). */
  async runOnce(): Promise<RetrainRun> {
    const job = new AbortController();
    this.job = job;
    const at = Date.now();
    let run: RetrainRun;
    try {
      run = await this.retrain(at, job.signal);
    } catch (e) {
      run = { at, model: null, promoted: false, decision: job.signal.aborted ? 'cancelled' : firstLineOf(e), score: null, liveScore: null, error: true };
    } finally {
      if (this.job === job) this.job = null;
    }
    this.counts.runs++;
    if (run.promoted) this.counts.promotions++;
    if (run.error) this.counts.failures++;
    this.last = run;
    return run;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.nextAt = Date.now() + delayMs;
    this.emit();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.nextAt = null;
      const started = Date.now();
      this.current = this.runOnce();
      void this.current.then(() => {
        this.current = null;
        this.schedule(Math.max(0, this.spec.everyMs - (Date.now() - started)));
        if (this.stopped) this.emit();
      });
    }, delayMs);
  }

  private emit(): void {
    this.hooks.onStatus?.(this.status());
  }

  private async retrain(at: number, signal: AbortSignal): Promise<RetrainRun> {
    const { spec } = this;
    const [row] = await this.ws.rows<{ newest: number | null }>(`SELECT epoch_ms(max(ts)) AS newest FROM readings`);
    if (row?.newest == null) throw new LabError('invalid_input', 'no readings to train on yet');
    const to = Number(row.newest) + 1;
    const champion = (await listModels(this.ws)).find((m) => m.name === spec.name && m.live) ?? null;
    const outcome = await trainSeriesModel(
      this.ws,
      { name: spec.name, windowMs: spec.windowMs, ...(spec.hopMs !== undefined ? { hopMs: spec.hopMs } : {}), ...(spec.trendMs !== undefined ? { trendMs: spec.trendMs } : {}), horizonMs: spec.horizonMs, from: to - spec.lookbackMs, to, request: spec.request },
      { ...this.hooks.train, signal },
    );
    const metric = spec.request.thresholdMetric ?? 'f1';
    const score = metricAt(metric, (outcome.metrics as ClassificationMetrics).confusion);
    const base = { at, model: outcome.entry.id, score, error: false };
    let liveScore: number | null = null;
    if (champion && spec.promote === 'if-better') {
      liveScore = await this.scoreChampion(champion, outcome.heldOut, metric);
      if (liveScore !== null && score < liveScore) {
        return { ...base, promoted: false, liveScore, decision: `kept ${champion.id}: ${metric} ${fmt(liveScore)} on the newest windows, new ${fmt(score)}` };
      }
    }
    await promote(this.ws, outcome.entry.id);
    await this.hooks.promoted?.();
    const why = !champion ? 'no live version yet' : liveScore === null ? (spec.promote === 'always' ? 'promote always' : `${champion.id} cannot score these windows`) : `${metric} ${fmt(score)} ≥ ${champion.id}'s ${fmt(liveScore)}`;
    return { ...base, promoted: true, liveScore, decision: `promoted: ${why}` };
  }

  /** The live version's metric on the new held-out windows at its own threshold (null: unusable). */
  private async scoreChampion(entry: ModelEntry, heldOut: { x: Matrix; y: Float64Array }, metric: ThresholdMetric): Promise<number | null> {
    const file = await loadModelFile(this.ws, entry);
    // Its trend features must mean the same as the new data's (a model from before trends has none).
    const trendOf = (ms: unknown) => (typeof ms === 'number' ? ms : 0);
    if (file.data.source !== 'readings' || file.data.windowMs !== this.spec.windowMs) return null;
    if (trendOf(file.data.trendMs) !== resolveTrendMs(this.spec.windowMs, this.spec.trendMs)) return null;
    const model = modelFromJSON(file.model);
    const { x, y } = heldOut;
    // A feature the new data lacks (a sensor gone) is missing for every window, as live scoring has it.
    const columns = model.features.map((f) => {
      const k = x.names.indexOf(f);
      return k < 0 ? new Float64Array(x.rows).fill(NaN) : x.columns[k]!;
    });
    const scores = model.predict({ names: model.features, columns, rows: x.rows });
    return metricAt(metric, classification(y, scores, file.threshold ?? 0.5).confusion);
  }
}

const fmt = (x: number) => x.toFixed(3);
