import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { toErrorEnvelope } from '../model';
import type { Lab } from '../api/lab';
import { decodeRequest, encodeEvent, encodeResponse, WORKSPACE_SWITCHED } from './protocol';
import { newToken, safeEqual } from './token';
import { handleUpload } from './upload';

export interface BridgeOptions {
  /** The engine; a promise lets the server listen (and the page load) while the workspace opens. */
  lab: Lab | Promise<Lab>;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
  /** Ceiling of one `POST /upload` body in bytes (default: the inbox's). */
  uploadLimit?: number;
  /** Opens another workspace's Lab; given, a Lab may switch the server to a new workspace (a demo). */
  openLab?: (path: string) => Promise<Lab>;
}

export interface Bridge {
  url: string;
  token: string;
  port: number;
  /** The Lab served now (another one after a workspace switch). */
  lab(): Promise<Lab>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.parquet': 'application/octet-stream',
  '.csv': 'text/csv; charset=utf-8',
};
const COOKIE = 'servolab_token';
const MAX_MESSAGE_BYTES = 1 << 20;

/**
 * Browser mode: the built renderer and LabApi/LabEvents over one WebSocket, on 127.0.0.1 by
 * default. Every request needs the token — from the printed URL's `?token=`, or the cookie the
 * first page load sets — and a Host header naming this server (no DNS rebinding).
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const rendererDir = resolve(options.rendererDir);
  let labReady = Promise.resolve(options.lab);
  labReady.catch(() => undefined); // the caller awaits the same promise and reports the failure
  let port = 0;

  // A Lab may ask to switch workspaces (a demo built its own): open the new one, then drop every
  // socket with WORKSPACE_SWITCHED so the pages reload onto it, and close the old Lab.
  const allowSwitching = (lab: Lab) => {
    const openLab = options.openLab;
    if (!openLab) return;
    lab.workspaceOpener = (path) => {
      void openLab(path).then(
        async (next) => {
          allowSwitching(next);
          labReady = Promise.resolve(next);
          for (const client of wss.clients) client.close(WORKSPACE_SWITCHED, 'workspace switched');
          await lab.close();
        },
        (e: unknown) => lab.broadcast('error', toErrorEnvelope(e)),
      );
    };
  };
  labReady.then(allowSwitching, () => undefined);

  const authorised = (req: IncomingMessage): boolean => {
    const url = new URL(req.url ?? '/', 'http://bridge');
    const hostHeader = req.headers.host ?? '';
    // On loopback a foreign Host header means DNS rebinding; on the LAN the token alone guards.
    if (host !== '0.0.0.0' && hostHeader !== `${host}:${port}` && hostHeader !== `localhost:${port}`) return false;
    const offered = url.searchParams.get('token') ?? cookieToken(req.headers.cookie);
    return offered !== null && safeEqual(offered, token);
  };

  const server = createServer((req, res) => {
    if (!authorised(req)) return refuse(res, 401, 'missing or wrong token');
    if (new URL(req.url ?? '/', 'http://bridge').pathname === '/upload') return void handleUpload(req, res, labReady, options.uploadLimit);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    const url = new URL(req.url ?? '/', 'http://bridge');
    if (url.searchParams.has('token')) {
      res.setHeader('Set-Cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (url.pathname.startsWith('/exports/')) {
      const name = url.pathname.slice('/exports/'.length);
      return void labReady.then((lab) => serveFile(res, lab.exportDir(), name, true), () => refuse(res, 503, 'workspace unavailable'));
    }
    return serveFile(res, rendererDir, url.pathname === '/' ? 'index.html' : url.pathname.slice(1), false);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://bridge');
    if (url.pathname !== '/api' || !authorised(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (client) => attach(client, labReady));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/?token=${token}`,
    token,
    port,
    lab: () => labReady,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      // An open tab keeps a keep-alive connection: close those too, or Ctrl-C would wait for the tab.
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}

/** Listens at once: requests that arrive while the workspace still opens wait for it, in order. */
function attach(client: WebSocket, labReady: Promise<Lab>): void {
  const ready = labReady.then((lab) => {
    const session = lab.session((event, payload) => {
      // A client that cannot keep up gets frames dropped rather than queued without bound.
      if (client.readyState === client.OPEN && client.bufferedAmount < 8 * MAX_MESSAGE_BYTES) client.send(encodeEvent(event, payload));
    });
    return { lab, session };
  });
  ready.catch(() => client.close(1011, 'workspace unavailable'));
  client.on('message', async (data) => {
    const request = decodeRequest(data.toString());
    if (!request.ok) {
      client.send(encodeResponse(request.id, { ok: false, error: request.error }));
      return;
    }
    try {
      const { session } = await ready;
      const value = await session.call(request.method, request.params);
      client.send(encodeResponse(request.id, { ok: true, value }));
    } catch (e) {
      client.send(encodeResponse(request.id, { ok: false, error: toErrorEnvelope(e) }));
    }
  });
  client.on('close', () => void ready.then(({ lab, session }) => lab.detach(session), () => undefined));
}

function serveFile(res: ServerResponse, root: string, relative: string, download: boolean): void {
  const path = normalize(join(root, decodeURIComponent(relative)));
  if (!path.startsWith(root + sep) || !existsSync(path) || !statSync(path).isFile()) return refuse(res, 404, 'not found');
  res.writeHead(200, {
    'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    ...(download ? { 'Content-Disposition': 'attachment' } : {}),
  });
  createReadStream(path).pipe(res);
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message + '\n');
}

function cookieToken(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, value] = part.trim().split('=');
    if (key === COOKIE && value) return value;
  }
  return null;
}
