import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Lab } from '../../core/api/lab';
import { metricsOptions, startDesktopMetrics } from './metrics';

describe('desktop metrics', () => {
  it('is off unless asked, and checks the port and token it is given', () => {
    expect(metricsOptions(['electron', '.'], {})).toBeNull();
    expect(metricsOptions(['electron', '.', '--metrics-port=9464'], {})).toEqual({ port: 9464, token: null });
    expect(metricsOptions([], { SERVOLAB_METRICS_PORT: '0', SERVOLAB_METRICS_TOKEN: 'abcdefghijklmnop' })).toEqual({ port: 0, token: 'abcdefghijklmnop' });
    expect(() => metricsOptions(['--metrics-port=99999'], {})).toThrow('--metrics-port must be 0 to 65535, got "99999"');
    expect(() => metricsOptions(['--metrics-port=1', '--metrics-token=short'], {})).toThrow(/at least 16/);
  });

  it('serves the open workspace’s metrics behind a token kept in a user-only file, and follows a switch', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'servolab-metrics-'));
    let lab: Lab | null = await Lab.open(':memory:');
    const server = await startDesktopMetrics({ port: 0, token: null }, () => lab, userData);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const token = readFileSync(server.tokenFile!, 'utf8');
      expect(token).toBe(server.token);
      expect(statSync(server.tokenFile!).mode & 0o777).toBe(0o600);
      expect((await fetch(server.url)).status).toBe(401);
      const scrape = async () => (await fetch(server.url, { headers: { Authorization: `Bearer ${token}` } })).text();
      expect(await scrape()).toMatch(/^servolab_workspace_readings 0$/m);
      // Another workspace opens (File → Open, a demo): the next scrape reads it.
      const previous = lab;
      lab = await Lab.open(':memory:');
      await previous.close();
      await lab.ws.run(`INSERT INTO rollup_1m SELECT now()::TIMESTAMP, 0, 0, 7, 0, now()::TIMESTAMP, 0, now()::TIMESTAMP, 0, 0, 0, now()::TIMESTAMP, 0, now()::TIMESTAMP`);
      expect(await scrape()).toMatch(/^servolab_workspace_readings 7$/m);
    } finally {
      await server.close();
      await lab?.close();
    }
  });
});
