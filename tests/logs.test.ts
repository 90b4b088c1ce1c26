import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServolab } from './support/cli';

/** Browser mode's structured logs: what they record, and that no secret ever reaches them. */
const tmp = () => mkdtempSync(join(tmpdir(), 'servolab-logs-'));

/** One LabApi call over the bridge's WebSocket, as the page makes it. */
function call(socket: WebSocket, id: number, method: string, params: unknown): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { id?: number; ok: boolean };
      if (message.id !== id) return;
      socket.off('message', onMessage);
      resolve(message);
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, method, params }));
  });
}

describe('logs', () => {
  it('records each component into rotating files beside the workspace, without tokens or passwords', async () => {
    const dir = tmp();
    const serve = await startServolab<{ url: string; token: string; port: number }>('serve', '--db', join(dir, 'lab.duckdb'), '--json');
    const bridgeToken = serve.printed.token;
    const kafkaPassword = 'hunter2-kafka-password';
    let listenerToken = '';
    try {
      const socket = new WebSocket(`ws://127.0.0.1:${serve.printed.port}/api?token=${bridgeToken}`);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      await call(socket, 1, 'simulationStart', { profile: 'servo', machines: 1, speed: 10, seed: 1 });
      await call(socket, 2, 'simulationStop', {});
      const kafka = await call(socket, 3, 'kafkaTest', { connection: { brokers: ['127.0.0.1:1'], sasl: { mechanism: 'plain', username: 'ops', password: kafkaPassword } } });
      expect(kafka.ok).toBe(false);
      const http = await call(socket, 4, 'httpStart', {});
      const status = http.value as { url: string; token: string };
      listenerToken = status.token;
      expect((await fetch(`${status.url}/sensor?token=${listenerToken}`, { method: 'POST', body: 'not json' })).status).toBe(400);
      expect((await fetch(`${status.url}/sensor?token=wrong-token`, { method: 'POST', body: '{}' })).status).toBe(401);
      await call(socket, 5, 'logWrite', { level: 'error', message: `the page failed near ${bridgeToken}` });
      const panel = await call(socket, 6, 'logsList', { level: 'info' });
      const entries = (panel.value as { entries: { component: string; msg: string }[]; file: string }).entries;
      expect(new Set(entries.map((e) => e.component))).toEqual(new Set(['store', 'sim', 'kafka', 'http', 'ui']));
      expect(entries.map((e) => e.msg)).toEqual(expect.arrayContaining(['workspace opened', 'simulationStart done', 'kafkaTest failed', 'listening', 'push refused']));
      socket.close();
    } finally {
      expect((await serve.stop()).code).toBe(0);
    }
    const logDir = join(dir, 'logs');
    const files = readdirSync(logDir).filter((f) => /^servolab\.\d+\.log$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    const text = files.map((f) => readFileSync(join(logDir, f), 'utf8')).join('');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { component: string; msg: string; level: number });
    expect(lines.find((l) => l.msg === 'kafkaTest failed')).toMatchObject({ component: 'kafka', level: 40 });
    expect(lines.some((l) => l.msg === 'workspace closing')).toBe(true);
    for (const secret of [bridgeToken, listenerToken, kafkaPassword]) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  }, 60_000);
});
