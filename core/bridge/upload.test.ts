import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../api/lab';
import { startBridge, type Bridge } from './server';

let lab: Lab;
let bridge: Bridge;
const LIMIT = 64 * 1024;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'servolab-upload-'));
  const renderer = join(root, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>ServoLab</title>');
  // The lab arrives as a promise, as `servolab serve` passes it while the workspace opens.
  bridge = await startBridge({ lab: Lab.open(join(root, 'w.duckdb')).then((l) => (lab = l)), rendererDir: renderer, uploadLimit: LIMIT });
});
afterAll(async () => {
  await bridge.close();
  await lab.close();
});

function post(path: string, body: Buffer | null, headers: Record<string, string> = {}, method = 'POST'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    // The server may close early on a refused body; the reply already arrived by then.
    req.on('error', (e) => (e.message.includes('EPIPE') || e.message.includes('ECONNRESET') ? undefined : reject(e)));
    if (body) req.write(body);
    req.end();
  });
}

const csv = Buffer.from('ts,machine,temp\n2024-01-01T00:00:00Z,m1,20.5\n2024-01-01T00:00:01Z,m1,20.7\n');

describe('POST /upload', () => {
  it('streams the body into the inbox and replies with the reference, which importPreview accepts', async () => {
    const res = await post(`/upload?name=${encodeURIComponent('../../etc/ränge data.csv')}&token=${bridge.token}`, csv);
    expect(res.status).toBe(200);
    const uploaded = JSON.parse(res.body) as { file: string; name: string; bytes: number };
    expect(uploaded.file).toMatch(/^u-[0-9a-f]{16}$/);
    expect(uploaded.name).toBe('r_nge_data.csv');
    expect(uploaded.bytes).toBe(csv.length);
    const entry = lab.inbox.resolve(uploaded.file);
    expect(readFileSync(entry.path)).toEqual(csv);
    const session = lab.session(() => undefined);
    const preview = (await session.call('importPreview', { file: uploaded.file })) as { columns: { name: string }[] };
    expect(preview.columns.map((c) => c.name)).toEqual(['ts', 'machine', 'temp']);
    lab.detach(session);
  });

  it('accepts the cookie the page load set', async () => {
    const res = await post('/upload?name=a.csv', csv, { Cookie: `servolab_token=${bridge.token}` });
    expect(res.status).toBe(200);
  });

  it('refuses without the token, with a foreign Host, and other methods', async () => {
    expect((await post('/upload?name=a.csv', csv)).status).toBe(401);
    expect((await post(`/upload?name=a.csv&token=${bridge.token}`, csv, { Host: 'evil.example:80' })).status).toBe(401);
    expect((await post(`/upload?name=a.csv&token=${bridge.token}`, null, {}, 'GET')).status).toBe(405);
  });

  it('gives a clear 400 for a missing or unusable name', async () => {
    const missing = await post(`/upload?token=${bridge.token}`, csv);
    expect(missing).toEqual({ status: 400, body: 'missing ?name=FILE\n' });
    const dots = await post(`/upload?name=..&token=${bridge.token}`, csv);
    expect(dots.status).toBe(400);
    expect(dots.body).toContain('not a usable file name');
  });

  it('refuses a body over the limit (declared or streamed) with 413 and keeps nothing', async () => {
    const before = readdir(lab.inbox.uploadDir);
    const big = Buffer.alloc(LIMIT + 1, 0x61);
    const declared = await post(`/upload?name=big.csv&token=${bridge.token}`, big);
    expect(declared.status).toBe(413);
    expect(declared.body).toContain(`limit of ${LIMIT} bytes`);
    // Chunked (no Content-Length): the inbox counts while streaming.
    const streamed = await post(`/upload?name=big.csv&token=${bridge.token}`, big, { 'Transfer-Encoding': 'chunked' });
    expect(streamed.status).toBe(413);
    expect(readdir(lab.inbox.uploadDir)).toEqual(before);
  });
});

function readdir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}
