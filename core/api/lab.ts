import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { LabError } from '../model';
import { Ingestor } from '../ingest/ingestor';
import { exportReadings } from '../store/export';
import { m4 } from '../store/m4';
import { hotReadings, seriesStats } from '../store/queries';
import { resolveSeries } from '../store/series';
import { Workspace } from '../store/workspace';
import { LiveFeed } from '../stream/live-feed';
import type { LabApi, LabEvents, LabResponses, WorkspaceInfo } from './contract';
import { requestSchemas, type LabMethod, type LabParsedRequest } from './schemas';
import { LiveSimulation } from './simulation';

export type EventSink = <E extends keyof LabEvents>(event: E, payload: LabEvents[E]) => void;

const STATUS_INTERVAL_MS = 500;

/**
 * The engine behind LabApi: one open workspace, its ingestor (the live bus), the live simulation.
 * Each connected UI gets a `LabSession` with its own subscriptions and event sink.
 */
export class Lab {
  private readonly sessions = new Set<LabSession>();
  readonly simulation: LiveSimulation;
  private statusTimer: ReturnType<typeof setInterval>;

  private constructor(
    readonly ws: Workspace,
    readonly ingestor: Ingestor,
  ) {
    this.simulation = new LiveSimulation(ingestor, (message) => this.broadcast('error', { code: 'internal', message: `simulation stopped: ${message}` }));
    ingestor.onCommitted((committed) => {
      for (const session of this.sessions) session.feed.offer(committed);
    });
    this.statusTimer = setInterval(() => {
      if (this.sessions.size) this.broadcast('status', this.simulation.status());
    }, STATUS_INTERVAL_MS);
  }

  static async open(path: string): Promise<Lab> {
    const ws = await Workspace.open(path);
    return new Lab(ws, await Ingestor.create(ws));
  }

  session(sink: EventSink): LabSession {
    const session = new LabSession(this, sink);
    this.sessions.add(session);
    return session;
  }

  detach(session: LabSession): void {
    session.feed.stop();
    this.sessions.delete(session);
  }

  /**
   * Exports land in one folder beside the workspace: a client names the file, never the path, so
   * neither a page nor a bridge client can write elsewhere on disk.
   */
  exportDir(): string {
    const dir = this.ws.path === ':memory:' ? join(tmpdir(), 'servolab-exports') : join(dirname(resolve(this.ws.path)), 'exports');
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  broadcast<E extends keyof LabEvents>(event: E, payload: LabEvents[E]): void {
    for (const session of this.sessions) session.sink(event, payload);
  }

  async close(): Promise<void> {
    clearInterval(this.statusTimer);
    this.simulation.stop();
    for (const session of this.sessions) session.feed.stop();
    this.sessions.clear();
    await this.ws.idle();
    await this.ws.checkpoint().catch(() => undefined);
    this.ws.close();
  }

  async info(): Promise<WorkspaceInfo> {
    const [row] = await this.ws.rows<{ n: bigint; lo: number | null; hi: number | null }>(
      `SELECT coalesce(sum(n), 0)::BIGINT AS n, min(epoch_us(bucket)) / 1000.0 AS lo, max(epoch_us(last_ts)) / 1000.0 AS hi FROM rollup_1m`,
    );
    return {
      path: this.ws.path,
      schemaVersion: await this.ws.schemaVersion(),
      readings: Number(row?.n ?? 0),
      machines: this.ingestor.catalog.machineNames().sort(),
      sensors: this.ingestor.catalog.sensors(),
      from: row?.lo ?? null,
      to: row?.hi ?? null,
    };
  }
}

/** LabApi for one client: validates every request, answers, and feeds it live frames. */
export class LabSession implements LabApi {
  readonly feed: LiveFeed;

  constructor(
    private readonly lab: Lab,
    readonly sink: EventSink,
  ) {
    this.feed = new LiveFeed((frame) => sink('live', frame));
  }

  /** Entry point for transports: untrusted method name and params in, typed answer out. */
  async call(method: string, params: unknown): Promise<unknown> {
    if (!Object.hasOwn(requestSchemas, method)) throw new LabError('invalid_input', `unknown method "${method}"`);
    const handler = this[method as LabMethod] as (request: unknown) => Promise<unknown>;
    return handler.call(this, params ?? {});
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
    await this.lab.simulation.start(this.parse('simulationStart', request));
    return this.lab.simulation.status();
  }

  async simulationStop(request: unknown = {}): Promise<LabResponses['simulationStop']> {
    this.parse('simulationStop', request);
    this.lab.simulation.stop();
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
}

function resolveMachine(id: number | undefined, name: string): number {
  if (id === undefined) throw new LabError('not_found', `unknown machine "${name}"`);
  return id;
}

