import type { Ingestor } from '../ingest/ingestor';
import { LabError, firstLineOf } from '../model';
import { LiveScorer } from '../ml/live-scorer';
import type { LiveAlert, LivePrediction } from '../ml/live-store';
import { loadDataset } from '../ml/dataset';
import { parseDerive } from '../ml/derive';
import { listModels, loadModelFile, promote, recordFailedRun, resolveModel, saveModel } from '../ml/registry';
import { modelFileOf } from '../ml/run';
import { trainDataset, type TrainRequest } from '../ml/train';
import type { TrainOptions } from '../ml/types';
import type { ThresholdMetric } from '../ml/metrics';
import { trainSeriesModel } from '../ml/series-train';
import { mlWorkerUrl } from '../cli/bundle-paths';
import type { SqlParams, Workspace } from '../store/workspace';
import type { ModelResponses, StoredAlert, TrainProgressEvent } from './model-contract';
import type { LabParsedRequest } from './schemas';

/**
 * The model methods of one LabSession: registry list/compare/promote, training — a series model
 * from the workspace's readings or a table model from an imported training table — (trees in
 * worker threads when the bundled worker is there, `trainProgress` events, cancellable; one run
 * per client at a time), and the stored live predictions and alerts.
 */
export class SessionModels {
  private running: AbortController | null = null;

  constructor(
    private readonly ws: Workspace,
    private readonly progress: (p: TrainProgressEvent) => void,
    /** Called after a promotion so live scoring switches to the new live model. */
    private readonly promoted: () => Promise<void>,
  ) {}

  async list(): Promise<ModelResponses['modelsList']> {
    return { models: await listModels(this.ws) };
  }

  async compare(r: LabParsedRequest<'modelsCompare'>): Promise<ModelResponses['modelsCompare']> {
    const models = [];
    for (const ref of r.models) models.push(await resolveModel(this.ws, ref));
    return { models };
  }

  async promote(r: LabParsedRequest<'modelPromote'>): Promise<ModelResponses['modelPromote']> {
    const entry = await promote(this.ws, r.model);
    await this.promoted();
    return entry;
  }

  cancel(): boolean {
    const was = this.running !== null;
    this.running?.abort();
    this.running = null;
    return was;
  }

  async train(r: LabParsedRequest<'trainStart'>): Promise<ModelResponses['trainStart']> {
    this.cancel();
    const job = new AbortController();
    this.running = job;
    const options = { workerUrl: mlWorkerUrl(), signal: job.signal, onProgress: (p: { treesDone: number; trees: number }) => this.progress({ name: r.name, ...p }) };
    const request = forestRequest(r);
    try {
      if (r.source === 'table') return await this.trainTable(r, request, options);
      const { entry, data, result, metrics } = await trainSeriesModel(
        this.ws,
        { name: r.name, windowMs: r.windowMs, ...(r.hopMs !== undefined ? { hopMs: r.hopMs } : {}), ...(r.trendMs !== undefined ? { trendMs: r.trendMs } : {}), ...(r.label === 'rul' ? { label: 'rul' as const } : {}), horizonMs: r.horizonMs!, from: r.from, to: r.to, request },
        options,
      );
      return { model: entry.id, rows: data.rows, features: data.names.length, threshold: result.threshold, metrics: { ...metrics }, trainSeconds: result.trainSeconds, warnings: result.warnings };
    } catch (e) {
      if (job.signal.aborted) throw new LabError('cancelled', 'training cancelled');
      throw e;
    } finally {
      if (this.running === job) this.running = null;
    }
  }

  /** A model of one column of an imported training table (as `servolab train --table`). */
  private async trainTable(r: LabParsedRequest<'trainStart'>, request: TrainRequest, options: TrainOptions): Promise<ModelResponses['trainStart']> {
    const startedAt = new Date();
    const derive = r.derive.map(parseDerive);
    const data = await this.ws.exclusive((con) => loadDataset(con, { kind: 'table', name: r.table! }, { label: r.label!, drop: r.drop, derive }));
    const result = await trainDataset(data, request, options).catch(async (e: unknown) => {
      await recordFailedRun(this.ws, r.name, { ...request.params, algorithm: request.algorithm }, startedAt, e instanceof Error ? e.message : String(e));
      throw e;
    });
    const file = modelFileOf(r.name, data, request, result);
    const entry = await saveModel(this.ws, file, { startedAt, params: file.params });
    return {
      model: entry.id,
      rows: data.rows,
      features: data.names.length,
      threshold: Number.isFinite(result.threshold) ? result.threshold : null,
      metrics: { ...result.metrics },
      trainSeconds: result.trainSeconds,
      warnings: result.warnings,
    };
  }
}

/** Our forest with a LabApi request's trees, seed, held-out fraction and threshold metric. */
export function forestRequest(r: { trees: number; seed: number; testFraction: number; thresholdMetric: ThresholdMetric }): TrainRequest {
  return { algorithm: 'forest', params: { trees: r.trees, seed: r.seed }, testFraction: r.testFraction, thresholdMetric: r.thresholdMetric };
}

/** Optional filters as SQL over bound values (the SQL text is fixed; only values vary). */
function filters(r: { machine?: string; from?: number; to?: number; kind?: string }): { where: string; params: SqlParams } {
  const parts: string[] = [];
  const params: Record<string, string | number> = {};
  const add = (clause: string, key: string, value: string | number | undefined) => {
    if (value === undefined) return;
    parts.push(clause);
    params[key] = value;
  };
  add('machine = $machine', 'machine', r.machine);
  add('kind = $kind', 'kind', r.kind);
  add('ts >= make_timestamp($from::BIGINT)', 'from', r.from === undefined ? undefined : Math.round(r.from * 1000));
  add('ts < make_timestamp($to::BIGINT)', 'to', r.to === undefined ? undefined : Math.round(r.to * 1000));
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export async function listPredictions(ws: Workspace, r: LabParsedRequest<'predictionsList'>): Promise<ModelResponses['predictionsList']> {
  const { where, params } = filters(r);
  const rows = await ws.rows<{ machine: string; ts: number; model: string; score: number; alert: boolean }>(
    `SELECT machine, epoch_ms(ts) AS ts, model, score, alert FROM predictions ${where} ORDER BY ts DESC, machine LIMIT ${r.limit + 1}`,
    params,
  );
  const predictions: LivePrediction[] = rows.slice(0, r.limit).map((p) => ({ ...p, ts: Number(p.ts) }));
  return { predictions, truncated: rows.length > r.limit };
}

export async function listAlerts(ws: Workspace, r: LabParsedRequest<'alertsList'>): Promise<ModelResponses['alertsList']> {
  const { where, params } = filters(r);
  const rows = await ws.rows<{ id: bigint; machine: string; sensor: string | null; kind: LiveAlert['kind']; ts: number; score: number; threshold: number; source: string; detail: string }>(
    `SELECT id, machine, sensor, kind, epoch_ms(ts) AS ts, score, threshold, source, detail::VARCHAR AS detail FROM alerts ${where} ORDER BY ts DESC, id DESC LIMIT ${r.limit + 1}`,
    params,
  );
  const alerts: StoredAlert[] = rows.slice(0, r.limit).map((a) => ({ ...a, id: Number(a.id), ts: Number(a.ts), detail: JSON.parse(a.detail) as Record<string, unknown> }));
  return { alerts, truncated: rows.length > r.limit };
}

/**
 * Live scoring in the Lab: while a simulation runs (or after a promotion), the workspace's live
 * series model scores the bus (ml/live-scorer.ts) and every alert is pushed as an `alert` event.
 * No live model, or a table model, means no scoring — not an error.
 */
export class LabLiveModel {
  private scorer: LiveScorer | null = null;

  constructor(
    private readonly ingestor: Ingestor,
    private readonly push: (alert: LiveAlert) => void,
    private readonly onError: (message: string) => void,
  ) {}

  get model(): string | null {
    return this.scorer ? this.modelId : null;
  }

  private modelId = '';

  async start(): Promise<void> {
    await this.stop();
    const live = (await listModels(this.ingestor.ws)).filter((m) => m.live && m.data.source === 'readings');
    if (live.length !== 1) return;
    const file = await loadModelFile(this.ingestor.ws, live[0]!);
    this.modelId = live[0]!.id;
    this.scorer = new LiveScorer(this.ingestor, {
      model: file,
      modelId: this.modelId,
      onAlert: (a) => this.push(a),
      onError: (e) => this.onError(`live scoring: ${firstLineOf(e)}`),
    });
    this.scorer.start();
  }

  /** After a promotion: a running scorer switches to the new live model. */
  async refresh(): Promise<void> {
    if (this.scorer) await this.start();
  }

  async stop(): Promise<void> {
    const scorer = this.scorer;
    this.scorer = null;
    if (scorer) await scorer.stop();
  }
}
