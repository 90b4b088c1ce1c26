import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Ingestor } from '../ingest/ingestor';
import { Workspace } from '../store/workspace';
import type { LabEvents, WorkspaceInfo } from './contract';
import { LiveSimulation } from './simulation';
import { LabLiveCycles } from './live-cycles';
import { FileInbox, uploadDirFor } from './file-inbox';
import { LabDemos, type WorkspaceOpener } from './demo-methods';
import { readLesson, type DemoLesson } from '../demos/run';
import { LabHttp } from './http-methods';
import { LabLog } from '../log/lab-log';
import { LabKafka } from './kafka-methods';
import { LabSession } from './lab-session';

export { LabSession } from './lab-session';
import { LabLiveModel } from './model-methods';
import { LabRetrain } from './retrain-methods';

export type EventSink = <E extends keyof LabEvents>(event: E, payload: LabEvents[E]) => void;

const STATUS_INTERVAL_MS = 500;

/**
 * The engine behind LabApi: one open workspace, its ingestor (the live bus), the live simulation.
 * Each connected UI gets a `LabSession` with its own subscriptions and event sink.
 */
export class Lab {
  private readonly sessions = new Set<LabSession>();
  /** Observers of every pushed event besides the UIs (metrics). */
  private readonly taps = new Set<EventSink>();
  readonly simulation: LiveSimulation;
  readonly liveCycles: LabLiveCycles;
  /** Uploaded and user-chosen files the import methods may read (never a path from a client). */
  readonly inbox: FileInbox;
  /** The workspace's one Kafka consumer, shared by every session. */
  readonly kafka: LabKafka;
  /** The opt-in HTTP push listener (Sources → HTTP), off until started. */
  readonly http: LabHttp;
  /** Teaching demos: each opens into a new workspace of its own. */
  readonly demos: LabDemos;
  /** Set by the app hosting this Lab (desktop window, browser mode) so a demo can switch workspaces. */
  workspaceOpener: WorkspaceOpener | null = null;
  private readonly lesson: DemoLesson | null;
  /** Live scoring with the workspace's live series model while a simulation runs. */
  readonly liveModel: LabLiveModel;
  /** Periodic retraining of a series model, off until started. */
  readonly retrain: LabRetrain;
  private statusTimer: ReturnType<typeof setInterval>;

  private constructor(
    readonly ws: Workspace,
    readonly ingestor: Ingestor,
    /** The app's structured log (files and the log panel); every LabApi call and error goes in. */
    readonly log: LabLog,
  ) {
    this.inbox = new FileInbox(uploadDirFor(ws.path));
    this.kafka = new LabKafka(ingestor, (status) => this.broadcast('kafka', status), log);
    this.http = new LabHttp(ingestor, (status) => this.broadcast('http', status), log);
    this.tap((event, payload) => {
      if (event === 'error') log.for('app').error((payload as { message: string }).message);
    });
    this.demos = new LabDemos(ws.path, () => this.workspaceOpener, (progress) => this.broadcast('demoProgress', progress));
    this.lesson = ws.path === ':memory:' ? null : readLesson(ws.path);
    this.simulation = new LiveSimulation(ingestor, (message) => this.broadcast('error', { code: 'internal', message: `simulation stopped: ${message}` }));
    this.liveCycles = new LabLiveCycles(
      ingestor,
      (frame) => this.broadcast('cycles', frame),
      (message) => this.broadcast('error', { code: 'internal', message }),
    );
    this.liveModel = new LabLiveModel(
      ingestor,
      (alert) => this.broadcast('alert', alert),
      (message) => this.broadcast('error', { code: 'internal', message }),
    );
    this.retrain = new LabRetrain(ws, (status) => this.broadcast('retrain', status), () => this.liveModel.refresh(), log);
    ingestor.onCommitted((committed) => {
      for (const session of this.sessions) session.feed.offer(committed);
    });
    this.statusTimer = setInterval(() => {
      if (this.sessions.size) this.broadcast('status', this.simulation.status());
    }, STATUS_INTERVAL_MS);
  }

  static async open(path: string, options: { log?: LabLog } = {}): Promise<Lab> {
    const log = options.log ?? (await LabLog.create());
    const ws = await Workspace.open(path).catch((e: unknown) => {
      log.for('store').error({ path, error: (e as Error).message }, 'cannot open workspace');
      throw e;
    });
    const lab = new Lab(ws, await Ingestor.create(ws), log);
    log.for('store').info({ path, schemaVersion: await ws.schemaVersion() }, 'workspace opened');
    return lab;
  }

  session(sink: EventSink): LabSession {
    const session = new LabSession(this, sink);
    this.sessions.add(session);
    return session;
  }

  detach(session: LabSession): void {
    session.feed.stop();
    session.cycles.cancel();
    session.imports.dispose();
    session.analytics.dispose();
    session.models.cancel();
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
    for (const tap of this.taps) tap(event, payload);
  }

  /** Observes every broadcast event; returns the function that stops it. */
  tap(sink: EventSink): () => void {
    this.taps.add(sink);
    return () => this.taps.delete(sink);
  }

  async close(): Promise<void> {
    this.log.for('store').info({ path: this.ws.path }, 'workspace closing');
    clearInterval(this.statusTimer);
    this.simulation.stop();
    await this.kafka.stop();
    await this.http.stop();
    await this.liveCycles.stop();
    await this.retrain.stop();
    await this.liveModel.stop();
    for (const session of this.sessions) {
      session.feed.stop();
      session.cycles.cancel();
      session.imports.dispose();
      session.analytics.dispose();
    }
    this.sessions.clear();
    await this.ws.idle();
    await this.ws.checkpoint().catch(() => undefined);
    this.ws.close();
  }

  async info(): Promise<WorkspaceInfo> {
    const [row] = await this.ws.rows<{ n: bigint; lo: number | null; hi: number | null; other: boolean }>(
      `SELECT coalesce(sum(n), 0)::BIGINT AS n, min(epoch_us(bucket)) / 1000.0 AS lo, max(epoch_us(last_ts)) / 1000.0 AS hi,
              EXISTS (SELECT 1 FROM imports) OR EXISTS (SELECT 1 FROM models) AS other
         FROM rollup_1m`,
    );
    return {
      path: this.ws.path,
      schemaVersion: await this.ws.schemaVersion(),
      readings: Number(row?.n ?? 0),
      machines: this.ingestor.catalog.machineNames().sort(),
      sensors: this.ingestor.catalog.sensors(),
      from: row?.lo ?? null,
      to: row?.hi ?? null,
      empty: Number(row?.n ?? 0) === 0 && !row?.other,
      demo: this.lesson,
    };
  }
}
