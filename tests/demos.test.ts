import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDemos, parseDemo, stepArgv } from '../core/demos/demo';
import { servolab } from './support/cli';

const ROOT = join(__dirname, '..');
const RESOURCES = join(ROOT, 'resources');

type StepOutput = Record<string, unknown>;
const demoRun = async (id: string) => {
  const db = join(mkdtempSync(join(tmpdir(), 'servolab-demo-test-')), 'demo.duckdb');
  const result = await servolab('demo', 'run', id, '--db', db, '--json');
  expect(result.stderr, result.stderr).not.toMatch(/error/);
  expect(result.code).toBe(0);
  const doc = JSON.parse(result.stdout) as { db: string; steps: { output: StepOutput }[] };
  expect(doc.db).toBe(db);
  expect(existsSync(db)).toBe(true);
  return doc.steps.map((s) => s.output);
};

describe('teaching demos (resources/demos)', () => {
  const demos = loadDemos(RESOURCES);

  it('ships at least five valid demos with unique ids, lessons and views', () => {
    expect(demos.length).toBeGreaterThanOrEqual(5);
    expect(new Set(demos.map((d) => d.id)).size).toBe(demos.length);
    for (const demo of demos) {
      if (demo.steps.some((s) => s.run.some((a) => a.includes('{resources}/data/')))) expect(demo.attribution, demo.id).toBeTruthy();
    }
  });

  it('refuses demo files that would reach beyond their own workspace, with one clear line', () => {
    const base = { id: 'x-demo', title: 'A demo', lesson: 'x'.repeat(60), views: ['explore'] };
    const bad = (run: string[]) => () => parseDemo(JSON.stringify({ ...base, steps: [{ say: 'step', run }] }), 'bad.json');
    expect(bad(['serve', '--host', '0.0.0.0'])).toThrow(/^demo bad\.json: steps\.0\.run: a step runs one of: simulate/);
    expect(bad(['export', '--format', 'csv'])).toThrow(/a step runs one of/);
    expect(bad(['stats', '--db', '/home/me/plant.duckdb'])).toThrow(/never names a workspace/);
    expect(bad(['hot', '--sensor', 't', '--above', '1', '--out=/etc/x.csv'])).toThrow(/never names a workspace \(--db\) or an output file/);
    expect(() => parseDemo('{"id": ', 'broken.json')).toThrow(/^demo broken\.json: not JSON/);
    expect(() => stepArgv(['import', '{resources}/../../secret.csv'], '/tmp/d.duckdb', RESOURCES)).toThrow(/only name files inside the resources folder/);
    expect(stepArgv(['import', '{resources}/data/ai4i2020.csv'], '/tmp/d.duckdb', RESOURCES)).toEqual(['import', '--db', '/tmp/d.duckdb', join(RESOURCES, 'data', 'ai4i2020.csv')]);
  });

  it('never runs into an existing file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'servolab-demo-test-')), 'mine.duckdb');
    writeFileSync(file, 'my data');
    const result = await servolab('demo', 'run', 'press-cycles', '--db', file);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^servolab demo: error: .*exists: a demo runs only into a new workspace$/);
    expect(readFileSync(file, 'utf8')).toBe('my data');
    expect((await servolab('demo', 'run', 'no-such-demo')).code).toBe(2);
  });

  it('bearing wear: failures in the ground truth, and a model that sees them coming', async () => {
    const [simulate, , train] = await demoRun('bearing-wear');
    expect((simulate as { events: number }).events).toBeGreaterThan(0);
    expect((train as { metrics: { recall: number } }).metrics.recall).toBeGreaterThanOrEqual(0.8);
  }, 60_000);

  it('overheating: hot readings above 85 °C and one-minute windows', async () => {
    const [, hot, windows] = await demoRun('overheating');
    expect((hot as { total: number }).total).toBeGreaterThan(0);
    expect((windows as { rows: unknown[] }).rows.length).toBe(3 * 120);
  }, 60_000);

  it('press cycles: automatic segmentation finds the simulated load cycles', async () => {
    const [simulate, auto, fixed] = await demoRun('press-cycles');
    const found = (out: StepOutput) => (out as { machines: { cycles: unknown[] }[] }).machines[0]!.cycles.length;
    // The press simulator writes one ground-truth event per load cycle.
    expect(Math.abs(found(auto!) - (simulate as { events: number }).events)).toBeLessThanOrEqual(1);
    expect(found(fixed!)).toBeGreaterThan(0);
  }, 60_000);

  it('AI4I: the shipped table imports and derived features give a held-out F1 ≥ 0.85', async () => {
    const [imported, train] = await demoRun('ai4i-maintenance');
    expect((imported as { imported: number }).imported).toBe(10_000);
    expect((train as { metrics: { f1: number } }).metrics.f1).toBeGreaterThanOrEqual(0.85);
  }, 60_000);

  it('fleet clustering: well-separated failure patterns', async () => {
    const [, cluster] = await demoRun('fleet-clustering');
    expect((cluster as { k: number; silhouette: number }).k).toBe(3);
    expect((cluster as { silhouette: number }).silhouette).toBeGreaterThan(0.5);
  }, 60_000);
});
