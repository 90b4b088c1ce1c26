import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabLog } from './lab-log';

const tmp = () => mkdtempSync(join(tmpdir(), 'servolab-log-'));
const readAll = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.startsWith('servolab.'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');

describe('LabLog', () => {
  it('writes one JSON line per entry with its component, and keeps the recent ones by level', async () => {
    const dir = tmp();
    const log = await LabLog.create({ dir, level: 'debug' });
    log.for('kafka').info({ topics: ['t'] }, 'consumer started');
    log.for('http').warn({ reason: 'invalid JSON' }, 'body refused');
    log.for('store').debug('checkpoint');
    await log.close();
    const lines = readAll(dir).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.component, l.msg])).toEqual([['kafka', 'consumer started'], ['http', 'body refused'], ['store', 'checkpoint']]);
    expect(log.recent('warn').map((e) => [e.level, e.component, e.msg, e.detail])).toEqual([['warn', 'http', 'body refused', { reason: 'invalid JSON' }]]);
    expect(log.recent('debug', 200, 'store').map((e) => e.msg)).toEqual(['checkpoint']);
    expect(log.file).toBe(join(dir, 'current.log'));
  });

  it('never writes a secret: secret-named fields are redacted, and known secrets anywhere in a line', async () => {
    const dir = tmp();
    const log = await LabLog.create({ dir });
    log.addSecret('s3cr3t-token-value');
    log.for('kafka').info({ connection: { brokers: ['b:9092'], sasl: { mechanism: 'plain', username: 'u', password: 'hunter2-pass' } } }, 'starting');
    log.for('http').info({ pushUrl: 'http://x/push?token=abc', token: 'abcdef' }, 'listening');
    log.for('app').error(`request with s3cr3t-token-value failed`);
    await log.close();
    const text = readAll(dir) + JSON.stringify(log.recent('debug'));
    for (const secret of ['hunter2-pass', 's3cr3t-token-value', 'abcdef', 'token=abc']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    expect(text).toContain('b:9092'); // the rest of the entry stays
  });

  it('rotates files past the size limit and keeps a bounded number', async () => {
    const dir = tmp();
    const log = await LabLog.create({ dir, fileSize: '1k', keep: 3 });
    for (let i = 0; i < 400; i++) {
      log.for('sim').info({ i, pad: 'x'.repeat(60) }, 'tick');
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 20)); // rotation is checked as writes land
    }
    await log.close();
    const files = readdirSync(dir).filter((f) => /^servolab\.\d+\.log$/.test(f));
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(4);
  });

  it('keeps entries in memory only when it has no folder', async () => {
    const log = await LabLog.create();
    log.for('ui').error('chart failed');
    expect(log.file).toBeNull();
    expect(log.recent('error').map((e) => e.msg)).toEqual(['chart failed']);
  });
});
