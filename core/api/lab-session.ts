import { join } from 'node:path';
import { LabError } from '../model';
import { exportReadings } from '../store/export';
import { m4 } from '../store/m4';
import { hotReadings, seriesStats } from '../store/queries';
import { resolveSeries } from '../store/series';
import { LiveFeed } from '../stream/live-feed';
import type { LabApi, LabResponses } from './contract';
import type { EventSink, Lab } from './lab';
import { requestSchemas, type LabMethod, type LabParsedRequest } from './schemas';
import { listCycles, SessionCycles } from './cycles-methods';
import { AnalyticsMethods } from './analytics-methods';
import { ImportMethods } from './import-methods';
import { loggedCall } from '../log/call-log';
import { listAlerts, listPredictions, SessionModels } from './model-methods';
import { addAnnotation, listAnnotations, removeAnnotation } from '../store/annotations';

/** LabApi for one client: validates every request, answers, and feeds it live frames. */
export class LabSession implements LabApi {
  readonly feed: LiveFeed;
  readonly cycles: SessionCycles;
  readonly imports: ImportMethods;
  readonly analytics: AnalyticsMethods;
  readonly models: SessionModels;

  constructor(
    private readonly lab: Lab,
    readonly sink: EventSink,
  ) {
    this.feed = new LiveFeed((frame) => sink('live', frame));
    this.cycles = new SessionCycles(lab.ws, lab.ingestor, (progress) => sink('cycleProgress', progress));
    const deps = { ws: lab.ws, catalog: lab.ingestor.catalog };
    this.imports = new ImportMethods({ ...deps, inbox: lab.inbox, progress: (p) => sink('importProgress', p) });
    this.analytics = new AnalyticsMethods({ ...deps, exportDir: () => lab.exportDir() });
    this.models = new SessionModels(lab.ws, (p) => sink('trainProgress', p), () => lab.liveModel.refresh());
  }

  /** Entry point for transports: untrusted method name and params in, typed answer out. */
  async call(method: string, params: unknown): Promise<unknown> {
    if (!Object.hasOwn(requestSchemas, method)) throw new LabError('invalid_input', `unknown method "${method}"`);
    const handler = this[method as LabMethod] as (request: unknown) => Promise<unknown>;
    return loggedCall(this.lab.log, method, params, () => handler.call(this, params ?? {}));
  }

  private parse<M extends LabMethod>(method: M, request: unknown) {
    const result = requestSchemas[method].safeParse(request);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new LabError('invalid_input', `${method}: ${issue.path.join('.') || 'request'}: ${issue.message}`, result.error.issues);
    }
    return result.data as LabParsedRequest<M>;
  }

  async workspaceInfo(request: unknown = {}): Promise<LabResponses['workspaceInfo']> {
    this.parse('workspaceInfo', request);
    return this.lab.info();
  }

  async status(request: unknown = {}): Promise<LabResponses['status']> {
    this.parse('status', request);
    return this.lab.simulation.status();
  }

  async simulationStart(request: unknown): Promise<LabResponses['simulationStart']> {
    const params = this.parse('simulationStart', request);
    await this.lab.simulation.start(params);
    await this.lab.liveCycles.start(params.profile);
    await this.lab.liveModel.start();
    return this.lab.simulation.status();
  }

  async simulationStop(request: unknown = {}): Promise<LabResponses['simulationStop']> {
    this.parse('simulationStop', request);
    this.lab.simulation.stop();
    await this.lab.liveCycles.stop();
    await this.lab.liveModel.stop();
    return this.lab.simulation.status();
  }

  async liveSubscribe(request: unknown): Promise<LabResponses['liveSubscribe']> {
    const { series } = this.parse('liveSubscribe', request);
    this.feed.subscribe(series);
    return { series: this.feed.size };
  }

  async timeRange(request: unknown): Promise<LabResponses['timeRange']> {
    const r = this.parse('timeRange', request);
    const catalog = this.lab.ingestor.catalog;
    const where: string[] = [];
    const params: Record<string, number> = {};
    if (r.machine !== undefined) {
      where.push('machine = $m');
      params.m = resolveMachine(catalog.machineId(r.machine), r.machine);
    }
    if (r.sensor !== undefined) {
      const id = catalog.sensorId(r.sensor);
      if (id === undefined) throw new LabError('not_found', `unknown sensor "${r.sensor}"`);
      where.push('sensor = $s');
      params.s = id;
    }
    const [row] = await this.lab.ws.rows<{ lo: number | null; hi: number | null }>(
      `SELECT min(epoch_us(first_ts)) / 1000.0 AS lo, max(epoch_us(last_ts)) / 1000.0 AS hi FROM rollup_1m ${where.length ? 'WHERE ' + where.join(' AND ') : ''}`,
      params,
    );
    return { from: row?.lo ?? null, to: row?.hi ?? null };
  }

  async m4(request: unknown): Promise<LabResponses['m4']> {
    const r = this.parse('m4', request);
    const series = resolveSeries(this.lab.ingestor.catalog, r.machine, r.sensor);
    const result = await m4(this.lab.ws, series, { from: r.from, to: r.to, buckets: r.buckets });
    return {
      level: result.level,
      firstTs: Array.from(result.firstTs),
      first: Array.from(result.first),
      lastTs: Array.from(result.lastTs),
      last: Array.from(result.last),
      minTs: Array.from(result.minTs),
      min: Array.from(result.min),
      maxTs: Array.from(result.maxTs),
      max: Array.from(result.max),
      count: Array.from(result.count),
    };
  }

  async stats(request: unknown): Promise<LabResponses['stats']> {
    return seriesStats(this.lab.ws, this.lab.ingestor.catalog, this.parse('stats', request));
  }

  async hot(request: unknown): Promise<LabResponses['hot']> {
    const r = this.parse('hot', request);
    return hotReadings(this.lab.ws, this.lab.ingestor.catalog, r.sensor, r.above, r.limit);
  }

  async exportReadings(request: unknown): Promise<LabResponses['exportReadings']> {
    const r = this.parse('exportReadings', request);
    const out = join(this.lab.exportDir(), r.out);
    return { rows: await exportReadings(this.lab.ws, this.lab.ingestor.catalog, { ...r, out }), out };
  }

  async cyclesDetect(request: unknown): Promise<LabResponses['cyclesDetect']> {
    return this.cycles.detect(this.parse('cyclesDetect', request));
  }

  async cyclesCancel(request: unknown = {}): Promise<LabResponses['cyclesCancel']> {
    this.parse('cyclesCancel', request);
    return { cancelled: this.cycles.cancel() };
  }

  async cyclesList(request: unknown): Promise<LabResponses['cyclesList']> {
    return listCycles(this.lab.ws, this.parse('cyclesList', request));
  }

  // Offline analysis (issue 5): file import, quarantine, windows, compare, SQL; see *-methods.ts.
  async importPreview(request: unknown): Promise<LabResponses['importPreview']> {
    return this.imports.preview(this.parse('importPreview', request));
  }

  async importRun(request: unknown): Promise<LabResponses['importRun']> {
    return this.imports.run(this.parse('importRun', request));
  }

  async importCancel(request: unknown = {}): Promise<LabResponses['importCancel']> {
    this.parse('importCancel', request);
    return this.imports.cancel();
  }

  async importHistory(request: unknown = {}): Promise<LabResponses['importHistory']> {
    return this.imports.history(this.parse('importHistory', request));
  }

  async quarantine(request: unknown = {}): Promise<LabResponses['quarantine']> {
    return this.imports.quarantine(this.parse('quarantine', request));
  }

  async windows(request: unknown): Promise<LabResponses['windows']> {
    return this.analytics.windows(this.parse('windows', request));
  }

  async compare(request: unknown): Promise<LabResponses['compare']> {
    return this.analytics.compare(this.parse('compare', request));
  }

  async sql(request: unknown): Promise<LabResponses['sql']> {
    return this.analytics.sql(this.parse('sql', request));
  }

  async sqlCancel(request: unknown = {}): Promise<LabResponses['sqlCancel']> {
    this.parse('sqlCancel', request);
    return this.analytics.cancel();
  }

  async exportSql(request: unknown): Promise<LabResponses['exportSql']> {
    return this.analytics.exportSql(this.parse('exportSql', request));
  }

  async exportWindows(request: unknown): Promise<LabResponses['exportWindows']> {
    return this.analytics.exportWindows(this.parse('exportWindows', request));
  }

  // Kafka (issue 4): one consumer per workspace; see kafka-methods.ts.
  async kafkaTest(request: unknown): Promise<LabResponses['kafkaTest']> {
    return this.lab.kafka.test(this.parse('kafkaTest', request));
  }

  async kafkaPreview(request: unknown): Promise<LabResponses['kafkaPreview']> {
    return this.lab.kafka.preview(this.parse('kafkaPreview', request));
  }

  async kafkaStart(request: unknown): Promise<LabResponses['kafkaStart']> {
    return this.lab.kafka.start(this.parse('kafkaStart', request));
  }

  async kafkaStop(request: unknown = {}): Promise<LabResponses['kafkaStop']> {
    this.parse('kafkaStop', request);
    return this.lab.kafka.stop();
  }

  async kafkaStatus(request: unknown = {}): Promise<LabResponses['kafkaStatus']> {
    this.parse('kafkaStatus', request);
    return this.lab.kafka.status();
  }

  // HTTP push (issue 8): the opt-in listener; see http-methods.ts.
  async httpStart(request: unknown): Promise<LabResponses['httpStart']> {
    return this.lab.http.start(this.parse('httpStart', request));
  }

  async httpStop(request: unknown = {}): Promise<LabResponses['httpStop']> {
    this.parse('httpStop', request);
    return this.lab.http.stop();
  }

  async httpStatus(request: unknown = {}): Promise<LabResponses['httpStatus']> {
    this.parse('httpStatus', request);
    return this.lab.http.status();
  }

  // Logs (issue 8): the log panel reads the recent entries; the UI may add its own.
  async logsList(request: unknown = {}): Promise<LabResponses['logsList']> {
    const r = this.parse('logsList', request);
    return { entries: this.lab.log.recent(r.level, r.limit, r.component), file: this.lab.log.file };
  }

  async logWrite(request: unknown): Promise<LabResponses['logWrite']> {
    const r = this.parse('logWrite', request);
    this.lab.log.for('ui')[r.level](r.message);
    return { ok: true };
  }

  // Teaching demos (issue 8); see demo-methods.ts.
  async demosList(request: unknown = {}): Promise<LabResponses['demosList']> {
    this.parse('demosList', request);
    return this.lab.demos.list();
  }

  async demoOpen(request: unknown): Promise<LabResponses['demoOpen']> {
    return this.lab.demos.open(this.parse('demoOpen', request));
  }

  // Models (issue 7): registry, training, live predictions and alerts; see model-methods.ts.
  async modelsList(request: unknown = {}): Promise<LabResponses['modelsList']> {
    this.parse('modelsList', request);
    return this.models.list();
  }

  async modelsCompare(request: unknown): Promise<LabResponses['modelsCompare']> {
    return this.models.compare(this.parse('modelsCompare', request));
  }

  async modelPromote(request: unknown): Promise<LabResponses['modelPromote']> {
    return this.models.promote(this.parse('modelPromote', request));
  }

  async trainStart(request: unknown): Promise<LabResponses['trainStart']> {
    return this.models.train(this.parse('trainStart', request));
  }

  async trainCancel(request: unknown = {}): Promise<LabResponses['trainCancel']> {
    this.parse('trainCancel', request);
    return { cancelled: this.models.cancel() };
  }

  async retrainStart(request: unknown): Promise<LabResponses['retrainStart']> {
    return this.lab.retrain.start(this.parse('retrainStart', request));
  }

  async retrainStop(request: unknown = {}): Promise<LabResponses['retrainStop']> {
    this.parse('retrainStop', request);
    return this.lab.retrain.stop();
  }

  async retrainStatus(request: unknown = {}): Promise<LabResponses['retrainStatus']> {
    this.parse('retrainStatus', request);
    return this.lab.retrain.status();
  }

  async annotationsList(request: unknown = {}): Promise<LabResponses['annotationsList']> {
    return { annotations: await listAnnotations(this.lab.ws, this.parse('annotationsList', request).machine) };
  }

  async annotationAdd(request: unknown): Promise<LabResponses['annotationAdd']> {
    const { note, ...rest } = this.parse('annotationAdd', request);
    return addAnnotation(this.lab.ws, { ...rest, ...(note !== undefined ? { note } : {}) });
  }

  async annotationRemove(request: unknown): Promise<LabResponses['annotationRemove']> {
    const { id } = this.parse('annotationRemove', request);
    await removeAnnotation(this.lab.ws, id);
    return { removed: id };
  }

  async predictionsList(request: unknown = {}): Promise<LabResponses['predictionsList']> {
    return listPredictions(this.lab.ws, this.parse('predictionsList', request));
  }

  async alertsList(request: unknown = {}): Promise<LabResponses['alertsList']> {
    return listAlerts(this.lab.ws, this.parse('alertsList', request));
  }
}

function resolveMachine(id: number | undefined, name: string): number {
  if (id === undefined) throw new LabError('not_found', `unknown machine "${name}"`);
  return id;
}

