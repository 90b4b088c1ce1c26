import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Lab } from '../api/lab';
import type { LiveCycleFrame } from '../api/contract';
import { MEMORY } from '../store/workspace';
import { labMetrics } from './lab-metrics';
import type { LabMetrics } from './metrics';
import { sourceKind } from './metrics';
import { startMetricsServer, type MetricsServer } from './metrics-server';

let lab: Lab;
let metrics: LabMetrics;
let server: MetricsServer;

beforeEach(async () => {
  lab = await Lab.open(MEMORY);
  metrics = labMetrics(lab);
  server = await startMetricsServer({ metrics });
});
afterEach(async () => {
  await server.close();
  metrics.dispose();
  await lab.close();
});

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers, method }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Prometheus text format → `name{labels}` → value; every non-comment line must parse. */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (-?[0-9.eE+-]+|NaN|Nan|[+-]Inf)$/.exec(line);
    expect(m, line).not.toBeNull();
    samples.set(m![1]!, Number(m![2]));
  }
  return samples;
}

describe('Prometheus metrics', () => {
  it('names source kinds without per-file or per-topic series', () => {
    expect(sourceKind('simulator')).toBe('simulator');
    expect(sourceKind('file:sensors.csv')).toBe('file');
    expect(sourceKind('kafka:telemetry')).toBe('kafka');
    expect(sourceKind("x'); DROP TABLE readings; --")).toBe('other');
  });

  it('refuses scrapes without the token, on 127.0.0.1 only', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/metrics', { authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);
    expect((await get(`/metrics?token=${server.token}x`)).status).toBe(401);
    expect((await get(`/other?token=${server.token}`)).status).toBe(404);
    expect((await get('/metrics', { authorization: `Bearer ${server.token}` }, 'POST')).status).toBe(405);
  });

  it('counts what a live press simulation stores, quarantines and segments, and what the workspace holds', async () => {
    const frames: LiveCycleFrame[] = [];
    const session = lab.session((event, payload) => {
      if (event === 'cycles') frames.push(payload as LiveCycleFrame);
    });
    await session.call('simulationStart', { profile: 'press', machines: 2, seed: 3, speed: 1000 });
    await expect.poll(() => frames.flatMap((f) => f.cycles).length, { timeout: 20_000, interval: 100 }).toBeGreaterThanOrEqual(3);
    await session.call('simulationStop', {});
    await lab.liveCycles.stop(); // flushes the last frame
    await lab.ws.idle();

    const scrape = await get('/metrics', { authorization: `Bearer ${server.token}` });
    expect(scrape.status).toBe(200);
    expect(scrape.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseExposition(scrape.body);
    const stored = lab.ingestor.totals.stored;
    expect(stored).toBeGreaterThan(0);
    expect(samples.get('servolab_readings_ingested_total{source="simulator"}')).toBe(stored);
    expect(samples.get('servolab_readings_quarantined_total{source="simulator"}')).toBe(lab.ingestor.totals.quarantined);
    expect(samples.get('servolab_batches_committed_total{source="simulator"}')).toBe(lab.ingestor.totals.batches);
    expect(samples.get('servolab_workspace_readings')).toBe((await lab.info()).readings);
    expect(samples.get('servolab_cycles_detected_total')).toBe(frames.reduce((n, f) => n + f.cycles.length + f.dropped, 0));
    expect(samples.get('servolab_process_resident_memory_bytes')).toBeGreaterThan(10e6);
    // The token also works in the URL, for tools that only take one.
    expect((await get(`/metrics?token=${server.token}`)).status).toBe(200);
  }, 30_000);

  it('reports Kafka lag per partition', async () => {
    metrics.setKafkaLag('telemetry', 3, 42);
    // …and from the Lab's kafka status event, as the tap sees it.
    metrics.observe('kafka', { running: true, partitions: [{ topic: 'plant', partition: 1, position: 10, highWatermark: 17, lag: 7 }] });
    const samples = parseExposition((await get('/metrics', { authorization: `Bearer ${server.token}` })).body);
    expect(samples.get('servolab_kafka_lag{topic="telemetry",partition="3"}')).toBe(42);
    expect(samples.get('servolab_kafka_lag{topic="plant",partition="1"}')).toBe(7);
  });
});

describe('Grafana dashboard (resources/grafana)', () => {
  it('queries only metrics this exporter serves', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dashboard = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'resources', 'grafana', 'servolab-dashboard.json'), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const lab = await Lab.open(MEMORY);
    const metrics = labMetrics(lab);
    try {
      metrics.setKafkaLag('t', 0, 1);
      metrics.observe('alert', { kind: 'failure' });
      const served = new Set([...parseExposition(await metrics.text()).keys()].map((key) => key.replace(/\{.*$/, '').replace(/_(bucket|sum|count)$/, '')));
      const used = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/servolab_[a-z_]+/g) ?? []));
      expect(used.length).toBeGreaterThanOrEqual(dashboard.panels.length);
      for (const name of used) expect(served, name).toContain(name);
    } finally {
      metrics.dispose();
      await lab.close();
    }
  });
});
