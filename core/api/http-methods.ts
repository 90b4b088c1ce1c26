import type { Ingestor } from '../ingest/ingestor';
import { startPushListener, type PushListener } from '../ingest/http/push-listener';
import { LabError } from '../model';
import type { HttpListenStatus } from './http-contract';
import type { LabLog } from '../log/lab-log';
import type { LabParsedRequest } from './schemas';

/** How often a running listener's counts are pushed as the `http` event. */
const STATUS_INTERVAL_MS = 1000;
const OFF: HttpListenStatus = { running: false, token: null, pushUrl: null };

/** The push listener side of LabApi: one listener per Lab, off until a user starts it. */
export class LabHttp {
  private listener: PushListener | null = null;
  private starting = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private last: HttpListenStatus = OFF;

  constructor(
    private readonly ingestor: Ingestor,
    private readonly push: (status: HttpListenStatus) => void,
    private readonly log?: LabLog,
  ) {}

  async start(r: LabParsedRequest<'httpStart'>): Promise<HttpListenStatus> {
    if (this.listener || this.starting) throw new LabError('invalid_input', 'the HTTP listener is already running; stop it first');
    this.starting = true;
    try {
      this.listener = await startPushListener({ ingestor: this.ingestor, host: r.host, port: r.port, maxBodyBytes: r.maxBodyBytes, ratePerSecond: r.ratePerSecond, ...(this.log ? { log: this.log.for('http') } : {}) });
      this.log?.addSecret(this.listener.token);
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new LabError('io', code === 'EADDRINUSE' ? `port ${r.port} is in use; pick another or 0 for any free port` : `cannot listen: ${(e as Error).message}`);
    } finally {
      this.starting = false;
    }
    this.timer = setInterval(() => this.push(this.status()), STATUS_INTERVAL_MS);
    const status = this.status();
    this.push(status);
    return status;
  }

  async stop(): Promise<HttpListenStatus> {
    const listener = this.listener;
    this.listener = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (listener) {
      await listener.close();
      this.last = { ...listener.status(), running: false, token: null, pushUrl: null };
      this.push(this.last);
    }
    return this.last;
  }

  status(): HttpListenStatus {
    const l = this.listener;
    if (l) this.last = { ...l.status(), running: true, token: l.token, pushUrl: l.pushUrl };
    return this.last;
  }
}
