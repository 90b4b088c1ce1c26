import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Lab } from '../api/lab';
import { startBridge, type Bridge } from './server';

let lab: Lab;
let bridge: Bridge;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'servolab-bridge-'));
  const renderer = join(root, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>ServoLab</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'secret');
  lab = await Lab.open(join(root, 'w.duckdb'));
  bridge = await startBridge({ lab, rendererDir: renderer });
});
afterAll(async () => {
  await bridge.close();
  await lab.close();
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(query: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/api${query}`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function rpc(ws: WebSocket) {
  let next = 1;
  const events: { event: string; payload: unknown }[] = [];
  const waiting = new Map<number, (m: unknown) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString());
    if (m.event) events.push(m);
    else waiting.get(m.id)?.(m);
  });
  return {
    events,
    call: (method: string, params?: unknown) =>
      new Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }>((resolve) => {
        const id = next++;
        waiting.set(id, resolve as (m: unknown) => void);
        ws.send(JSON.stringify({ id, method, params }));
      }),
  };
}

describe('browser-mode bridge', () => {
  it('listens on 127.0.0.1 and prints a URL with the token', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${bridge.token}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses pages without the token, a wrong token, or a foreign Host', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=nope')).status).toBe(401);
    expect((await get(`/?token=${bridge.token}`, { Host: 'evil.example:80' })).status).toBe(401);
  });

  it('serves the app with the token, then its assets by cookie, and nothing outside it', async () => {
    const page = await get(`/?token=${bridge.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>ServoLab</title>');
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toMatch(/^servolab_token=/);
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await get('/assets/app.js', { Cookie: cookie })).status).toBe(200);
    expect((await get('/%2e%2e/secret.txt', { Cookie: cookie })).status).toBe(404);
    expect((await get('/assets/../../secret.txt', { Cookie: cookie })).status).toBe(404);
  });

  it('refuses a WebSocket without the token', async () => {
    await expect(connect('')).rejects.toThrow(/401/);
    await expect(connect('?token=wrong')).rejects.toThrow(/401/);
  });

  it('answers LabApi calls and validates every request', async () => {
    const ws = await connect(`?token=${bridge.token}`);
    const api = rpc(ws);
    const info = await api.call('workspaceInfo', {});
    expect(info).toMatchObject({ ok: true, value: { readings: 0, machines: [] } });
    expect(await api.call('dropTables', {})).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'unknown method "dropTables"' } });
    const bad = await api.call('simulationStart', { profile: 'servo', machines: -1, seed: 1, speed: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(bad.error!.message).toMatch(/^simulationStart: machines:/);
    const escape = await api.call('exportReadings', { format: 'csv', out: '../../etc/x.csv' });
    expect(escape).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    ws.send('not json');
    ws.close();
  });

  it('streams live frames of subscribed series while a simulation runs', async () => {
    const ws = await connect(`?token=${bridge.token}`);
    const api = rpc(ws);
    const started = await api.call('simulationStart', { profile: 'servo', machines: 2, seed: 5, speed: 20, faults: 'none' });
    expect(started).toMatchObject({ ok: true, value: { running: true, profile: 'servo', machines: 2 } });
    expect(await api.call('liveSubscribe', { series: [{ machine: 'M-001', sensor: 'rpm' }] })).toMatchObject({ ok: true, value: { series: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const stopped = await api.call('simulationStop', {});
    expect(stopped.value.running).toBe(false);
    const frames = api.events.filter((e) => e.event === 'live').map((e) => e.payload as { series: { machine: string; sensor: string; ts: number[]; values: number[] }[] });
    expect(frames.length).toBeGreaterThan(3);
    expect(frames.length).toBeLessThanOrEqual(40); // ≤ 30 frames/s
    const points = frames.flatMap((f) => f.series.flatMap((s) => s.values));
    expect(points.length).toBeGreaterThan(50);
    expect(frames.every((f) => f.series.every((s) => s.machine === 'M-001' && s.sensor === 'rpm'))).toBe(true);
    expect(points.every((v) => v >= 1000 && v <= 2500)).toBe(true);
    expect(api.events.some((e) => e.event === 'status')).toBe(true);
    const info = await api.call('workspaceInfo', {});
    expect(info.value.readings).toBeGreaterThan(0);
    const range = await api.call('timeRange', { machine: 'M-001', sensor: 'rpm' });
    const m4 = await api.call('m4', { machine: 'M-001', sensor: 'rpm', from: range.value.from, to: range.value.to + 1, buckets: 100 });
    expect(m4.ok).toBe(true);
    expect(m4.value.count.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(0);
    const exported = await api.call('exportReadings', { format: 'csv', out: 'all.csv' });
    expect(exported.ok).toBe(true);
    const download = await get('/exports/all.csv', { Cookie: `servolab_token=${bridge.token}` });
    expect(download.status).toBe(200);
    expect(download.body.split('\n')[0]).toBe('time,machine,sensor,unit,value');
    ws.close();
  });
});

describe('bridge started before its workspace is open', () => {
  it('closes at once while a tab still holds a keep-alive connection (Ctrl-C must not wait for the browser)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'servolab-bridge-close-'));
    mkdirSync(join(root, 'renderer'));
    writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>tab</title>');
    const lab = await Lab.open(':memory:');
    const open = await startBridge({ lab, rendererDir: join(root, 'renderer') });
    const agent = new Agent({ keepAlive: true });
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port: open.port, path: `/?token=${open.token}`, agent }, (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      }).on('error', reject).end();
    });
    expect(status).toBe(200);
    const started = Date.now();
    await open.close();
    expect(Date.now() - started).toBeLessThan(2000);
    agent.destroy();
    await lab.close();
  });

  it('serves pages at once and answers requests sent while the workspace opens', async () => {
    const root = mkdtempSync(join(tmpdir(), 'servolab-bridge-early-'));
    mkdirSync(join(root, 'renderer'));
    writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>early</title>');
    let openLab!: () => void;
    const gate = new Promise<void>((resolve) => (openLab = resolve));
    const opening = gate.then(() => Lab.open(join(root, 'early.duckdb')));
    const early = await startBridge({ lab: opening, rendererDir: join(root, 'renderer') });
    try {
      const page = await new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port: early.port, path: `/?token=${early.token}` }, (res) => resolve(res.statusCode ?? 0)).on('error', reject).end();
      });
      expect(page).toBe(200);
      const ws = await new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${early.port}/api?token=${early.token}`);
        socket.once('open', () => resolve(socket));
        socket.once('error', reject);
      });
      const answers: unknown[] = [];
      ws.on('message', (data) => answers.push(JSON.parse(data.toString())));
      ws.send(JSON.stringify({ id: 1, method: 'workspaceInfo', params: {} }));
      ws.send(JSON.stringify({ id: 2, method: 'status', params: {} }));
      await new Promise((r) => setTimeout(r, 100));
      expect(answers).toEqual([]); // nothing can answer before the workspace is open
      openLab();
      await expect.poll(() => answers.length, { timeout: 10_000 }).toBe(2);
      expect(answers.map((a) => (a as { id: number }).id).sort()).toEqual([1, 2]); // answered by id, as they finish
      expect(answers.every((a) => (a as { ok: boolean }).ok)).toBe(true);
      ws.close();
    } finally {
      await early.close();
      await (await opening).close();
    }
  });
});
