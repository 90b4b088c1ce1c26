import { firstLineOf } from '../../model';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { networkInterfaces } from 'node:os';
import { newToken, offeredToken, safeEqual } from '../../bridge/token';
import type { LabMetrics } from '../../monitor/metrics';
import type { Ingestor } from '../ingestor';
import { PushIngest, PUSH_ROUTES, type PushRoute } from './push-ingest';
import { RateLimiter } from './rate-limit';

export interface PushListenerOptions {
  ingestor: Ingestor;
  /** 127.0.0.1 unless the user turns the LAN on (0.0.0.0). */
  host?: '127.0.0.1' | '0.0.0.0';
  port?: number;
  token?: string;
  /** Largest accepted body; larger ones get 413. */
  maxBodyBytes?: number;
  /** Requests per second per client address, sustained (bursts of twice that); more get 429. */
  ratePerSecond?: number;
  /** When given, `GET /metrics` serves them (Prometheus text). */
  metrics?: LabMetrics;
  /** Start, stop and refused bodies go here (never the token). */
  log?: Logger;
}

export interface PushListenerStatus {
  url: string;
  host: string;
  port: number;
  requests: number;
  stored: number;
  quarantined: number;
  /** Bodies refused whole (400). */
  refused: number;
  /** Requests turned away before reading: no token (401), too large (413), too many (429). */
  unauthorized: number;
  tooLarge: number;
  limited: number;
}

export interface PushListener {
  /** Base URL to show; on the LAN, this machine's address rather than 0.0.0.0. */
  url: string;
  token: string;
  port: number;
  /** The URL a phone app that takes only a URL pushes to (Sensor Logger), token included. */
  pushUrl: string;
  status(): PushListenerStatus;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY = 1 << 20;
export const DEFAULT_RATE = 50;

/**
 * The opt-in HTTP push listener (the seeds' REST simulator and the Sensor Logger phone app):
 * `POST /sensor`, `GET /sensor?machine=&limit=`, `POST /push`, `GET /health`, and `GET /metrics`
 * when metrics are on. Every request needs the token, as a Bearer header or `?token=`.
 */
export async function startPushListener(options: PushListenerOptions): Promise<PushListener> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const limiter = new RateLimiter(options.ratePerSecond ?? DEFAULT_RATE);
  const push = await PushIngest.create(options.ingestor);
  const refusals = { unauthorized: 0, tooLarge: 0, limited: 0 };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://listener');
    const offered = offeredToken(req.headers.authorization, url);
    if (offered === null || !safeEqual(offered, token)) {
      refusals.unauthorized++;
      return reply(res, 401, { error: 'missing or wrong token' }, { 'WWW-Authenticate': 'Bearer' });
    }
    if (!limiter.take(req.socket.remoteAddress ?? '?')) {
      refusals.limited++;
      return reply(res, 429, { error: 'too many requests' }, { 'Retry-After': '1' });
    }
    route(req, res, url).catch((e: unknown) => reply(res, 500, { error: firstLineOf(e) }));
  });

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/health' && req.method === 'GET') return reply(res, 200, { ok: true, ...push.totals });
    if (path === '/metrics' && req.method === 'GET' && options.metrics) {
      res.writeHead(200, { 'Content-Type': options.metrics.contentType, 'Cache-Control': 'no-store' });
      res.end(await options.metrics.text());
      return;
    }
    if (path === '/sensor' && req.method === 'GET') {
      const limit = Number(url.searchParams.get('limit') ?? '10');
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return reply(res, 400, { error: 'limit must be an integer from 1 to 1000' });
      return reply(res, 200, await push.latest(url.searchParams.get('machine') || null, limit));
    }
    if (path in PUSH_ROUTES && req.method === 'POST') {
      const body = await readBody(req, maxBody);
      if (body === null) {
        refusals.tooLarge++;
        options.log?.warn({ route: path, limit: maxBody, client: req.socket.remoteAddress }, 'push too large');
        res.setHeader('Connection', 'close');
        return reply(res, 413, { error: `body larger than ${maxBody} bytes` });
      }
      const result = await push.store(path as PushRoute, body);
      if (result.refused) options.log?.warn({ route: path, reason: result.refused, client: req.socket.remoteAddress }, 'push refused');
      return result.refused ? reply(res, 400, { error: result.refused, quarantined: result.quarantined }) : reply(res, 200, result);
    }
    const known = path in PUSH_ROUTES || path === '/health' || (path === '/metrics' && options.metrics);
    return reply(res, known ? 405 : 404, { error: known ? `${req.method} not allowed on ${path}` : `no route ${path} (POST /sensor, GET /sensor, POST /push, GET /health)` });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://${host === '0.0.0.0' ? lanAddress() : host}:${port}`;
  options.log?.info({ url: base, host, port, maxBody, rate: options.ratePerSecond ?? DEFAULT_RATE }, 'listening');
  return {
    url: base,
    token,
    port,
    pushUrl: `${base}/push?token=${encodeURIComponent(token)}`,
    status: () => ({ url: base, host, port, ...push.totals, ...refusals }),
    close: () =>
      new Promise<void>((done) => {
        options.log?.info({ ...push.totals, ...refusals }, 'listener stopped');
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body) + '\n');
}

/** The body as text, or null once it exceeds `max` bytes (the rest is not read). */
function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > max) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
      } else chunks.push(chunk);
    });
    req.once('end', () => resolve(size > max ? null : Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

/** This machine's first non-internal IPv4 address: what a phone on the same network dials. */
function lanAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

