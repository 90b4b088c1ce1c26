import { firstLineOf } from '../model';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newToken, offeredToken, safeEqual } from '../bridge/token';
import type { LabMetrics } from './metrics';

export interface MetricsServerOptions {
  /**
   * A promise lets the listener start before the workspace is open (scrapes wait for it); a
   * function is asked on every scrape (the desktop app's workspace, and so its metrics, can change).
   */
  metrics: LabMetrics | Promise<LabMetrics> | (() => LabMetrics | Promise<LabMetrics>);
  /** 127.0.0.1 unless the user opts into the LAN. */
  host?: string;
  port?: number;
  /** Prometheus sends it as `authorization: { credentials: T }` (Bearer) in the scrape config. */
  token?: string;
}

export interface MetricsServer {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** `GET /metrics` in Prometheus text format, nothing else; every request needs the token. */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const source = options.metrics;
  const fixed = typeof source === 'function' ? null : Promise.resolve(source);
  fixed?.catch(() => undefined); // the caller reports a workspace that fails to open
  const current = (): Promise<LabMetrics> => fixed ?? Promise.resolve().then(source as () => LabMetrics | Promise<LabMetrics>);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://metrics');
    const reply = (status: number, message: string) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...(status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}) });
      res.end(message + '\n');
    };
    const offered = offeredToken(req.headers.authorization, url);
    if (offered === null || !safeEqual(offered, token)) return reply(401, 'missing or wrong token');
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'method not allowed');
    if (url.pathname !== '/metrics') return reply(404, 'not found (try /metrics)');
    current().then(async (metrics) => ({ body: await metrics.text(), type: metrics.contentType })).then(
      ({ body, type }) => {
        res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (e: unknown) => reply(500, `metrics failed: ${firstLineOf(e)}`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/metrics`,
    token,
    port,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections(); // a scraper's keep-alive connection must not hold the close
      }),
  };
}
