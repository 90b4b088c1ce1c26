import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { isLabError, firstLineOf } from '../model';
import type { UploadedFile } from '../api/files-contract';
import { DEFAULT_UPLOAD_LIMIT } from '../api/file-inbox';
import type { Lab } from '../api/lab';

/**
 * `POST /upload?name=FILE`: the request body streams into the lab's FileInbox and the reply is
 * the UploadedFile JSON the import methods take. The caller has already checked token and Host;
 * a page never names a path, only the file's own name (sanitised by the inbox).
 */
export async function handleUpload(req: IncomingMessage, res: ServerResponse, labReady: Promise<Lab>, limit = DEFAULT_UPLOAD_LIMIT): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://bridge');
  const name = url.searchParams.get('name');
  if (req.method !== 'POST') return reject(req, res, 405, 'upload with POST /upload?name=FILE');
  if (name === null || name.trim() === '') return reject(req, res, 400, 'missing ?name=FILE');
  const declared = Number(req.headers['content-length'] ?? NaN);
  // A declared size over the limit is refused before a byte is written.
  if (Number.isFinite(declared) && declared > limit) return reject(req, res, 413, `upload is larger than the limit of ${limit} bytes`);
  let lab: Lab;
  try {
    lab = await labReady;
  } catch {
    return reject(req, res, 503, 'workspace unavailable');
  }
  try {
    // Through a PassThrough: the inbox destroys its stream at the limit, which must not kill the
    // socket before the 413 goes out.
    const body = new PassThrough();
    req.pipe(body);
    const saved = await lab.inbox.save(name, body, limit);
    const reply: UploadedFile = { file: saved.file, name: saved.name, bytes: saved.bytes };
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(reply));
  } catch (e) {
    const message = firstLineOf(e);
    const status = isLabError(e) && e.code === 'invalid_input' ? (/limit/.test(message) ? 413 : 400) : 500;
    reject(req, res, status, message);
  }
}

/** Replies with a one-line error and closes the connection (an unread body is not drained). */
function reject(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
  req.unpipe();
  res.end(message + '\n', () => {
    if (!req.complete) req.destroy();
  });
}
