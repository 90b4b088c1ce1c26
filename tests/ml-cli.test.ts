import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, servolab } from './support/cli';
import { expectOneLineError, servolabJson } from './support/expect-cli';

const AI4I = join(__dirname, '..', 'resources', 'data', 'ai4i2020.csv');

const json = servolabJson;


const AI4I_ARGS = [
  '--label', 'Machine failure',
  '--drop', 'UDI,Product ID,TWF,HDF,PWF,OSF,RNF',
  '--derive', 'power="Torque [Nm]" * "Rotational speed [rpm]" * 2 * pi() / 60',
  '--derive', 'temp_diff="Process temperature [K]" - "Air temperature [K]"',
  '--derive', 'strain="Tool wear [min]" * "Torque [Nm]"',
  '--derive', `overstrain="Tool wear [min]" * "Torque [Nm]" / CASE "Type" WHEN 'L' THEN 11000 WHEN 'M' THEN 12000 ELSE 13000 END`,
];

describe('servolab train, models, predict (built)', () => {
  it('trains on AI4I to held-out F1 ≥ 0.90, stores, promotes, predicts, exports and imports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'servolab-ml-cli-'));
    const db = join(dir, 'lab.duckdb');
    const trained = await json('train', '--csv', AI4I, ...AI4I_ARGS, '--seed', '42', '--db', db);
    expect(trained.model).toBe('ai4i2020@1');
    expect(trained.task).toBe('classification');
    expect(trained.rows).toMatchObject({ train: 8000, test: 2000 });
    expect(trained.metrics.f1).toBeGreaterThanOrEqual(0.9);
    expect(trained.metrics.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(2000);
    expect(trained.features).toContain('overstrain');

    // The same data imported as a training table, a second version with ml-random-forest on few trees.
    expect((await servolab('import', AI4I, '--db', db)).code).toBe(0);
    const second = await json('train', '--db', db, '--table', 'ai4i2020', ...AI4I_ARGS, '--name', 'ai4i2020', '--algorithm', 'ml-random-forest', '--trees', '2', '--test-fraction', '0.9');
    expect(second.model).toBe('ai4i2020@2');
    expect(second.validation).toBe('held-back fifth');

    const listed = await json('models', '--db', db);
    expect(listed.models.map((m: any) => [m.id, m.algorithm, m.live])).toEqual([
      ['ai4i2020@1', 'forest', false],
      ['ai4i2020@2', 'ml-random-forest', false],
    ]);
    expect(listed.models[0].data).toMatchObject({ source: AI4I, rows: 10000, trainRows: 8000, testRows: 2000 });
    const compared = await json('models', '--db', db, '--compare', 'ai4i2020@1,ai4i2020@2');
    expect(compared.models).toEqual(['ai4i2020@1', 'ai4i2020@2']);
    expect(compared.rows.algorithm).toEqual(['forest', 'ml-random-forest']);
    expect(compared.rows.f1[0]).toBeCloseTo(trained.metrics.f1, 3);
    expect(compared.rows.trees).toEqual([100, 2]);
    expect((await servolab('models', '--db', db, '--compare', 'ai4i2020@1,ai4i2020@2')).stdout).toMatch(/^\s+ai4i2020@1\s+ai4i2020@2/);
    expect((await servolab('models', '--db', db, '--promote', 'ai4i2020@1')).stdout).toMatch(/ai4i2020@1 is live/);

    // Predict 30 rows, 10 of them failures, with the live model: its derived features are recomputed.
    const lines = readFileSync(AI4I, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const failures = lines.slice(1).filter((l) => l.split(',')[8] === '1').slice(0, 10);
    const sample = join(dir, 'sample.csv');
    writeFileSync(sample, [lines[0], ...lines.slice(1, 21), ...failures].join('\n') + '\n');
    const predicted = await json('predict', '--db', db, '--model', 'live', '--csv', sample);
    expect(predicted.model).toBe('ai4i2020@1');
    expect(predicted.predictions).toHaveLength(30);
    expect(predicted.metrics.recall).toBeGreaterThanOrEqual(0.8);
    const text = await servolab('predict', '--db', db, '--model', 'ai4i2020@1', '--csv', sample);
    expect(text.stdout.split('\n')[0]).toBe('row,score,predicted');

    const exported = join(dir, 'model.json');
    expect((await servolab('models', '--db', db, '--export', 'live', '--out', exported)).code).toBe(0);
    const other = join(dir, 'other.duckdb');
    expect((await json('models', '--db', other, '--import', exported)).imported).toBe('ai4i2020@1');
    const again = await json('predict', '--db', other, '--model', 'ai4i2020@1', '--csv', sample);
    expect(again.predictions).toEqual(predicted.predictions);
  }, 120_000);

  it('chooses the decision threshold for the metric asked, and keeps the curves with the metrics', async () => {
    const f1 = await json('train', '--csv', AI4I, ...AI4I_ARGS, '--seed', '7', '--trees', '60');
    const f2 = await json('train', '--csv', AI4I, ...AI4I_ARGS, '--seed', '7', '--trees', '60', '--threshold-metric', 'f2');
    // Recall weighs four times in F2: its cut is no higher, so it finds at least as many failures.
    expect(f2.metrics.threshold).toBeLessThanOrEqual(f1.metrics.threshold);
    expect(f2.metrics.recall).toBeGreaterThanOrEqual(f1.metrics.recall);
    expect(f1.metrics.curves.roc[0]).toEqual([0, 0]);
    expect(f1.metrics.curves.roc.at(-1)).toEqual([1, 1]);
    expect(f1.metrics.curves.pr.length).toBeGreaterThan(10);
    expectOneLineError(await servolab('train', '--csv', AI4I, '--label', 'Machine failure', '--threshold-metric', 'accuracy'), 2, /--threshold-metric must be one of f1, f2, f0.5, mcc/);
  }, 120_000);

  it('fails with one line and the right exit code on bad input', async () => {
    expectOneLineError(await servolab('train', '--csv', AI4I), 2, /--label is required/);
    expectOneLineError(await servolab('train', '--csv', AI4I, '--label', 'nope'), 1, /no label column "nope"/);
    expectOneLineError(await servolab('train', '--csv', AI4I, '--label', 'Machine failure', '--derive', 'x=1) AS a, (2'), 1, /derived feature "x": must be a single expression/);
    expectOneLineError(await servolab('train', '--csv', AI4I, '--label', 'Machine failure', '--algorithm', 'svm'), 2, /--algorithm must be one of forest, ml-random-forest/);
    expectOneLineError(await servolab('predict', '--db', join(tmpdir(), 'servolab-none.duckdb'), '--model', 'live', '--csv', AI4I), 1, /workspace not found/);
  }, 60_000);

  it('detect writes timestamp,value,anomaly_score per reading, high at injected anomalies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'servolab-detect-cli-'));
    const input = join(dir, 'machine_temperature.csv');
    const lines = ['timestamp,value'];
    let noise = 7;
    for (let i = 0; i < 3000; i++) {
      noise = (noise * 16807) % 2147483647;
      const t = new Date(Date.UTC(2026, 0, 1) + i * 300_000).toISOString().replace('T', ' ').slice(0, 19);
      const v = 80 + 5 * Math.sin((2 * Math.PI * i) / 288) + (noise / 2147483647 - 0.5) * 2 + (i === 2000 ? 30 : 0) + (i >= 2500 && i < 2530 ? -15 : 0);
      lines.push(`${t},${v.toFixed(3)}`);
    }
    writeFileSync(input, lines.join('\n') + '\n');
    const out = join(dir, 'scores.csv');
    const r = await json('detect', '--input', input, '--out', out);
    expect(r.rows).toBe(3000);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('timestamp,value,anomaly_score');
    expect(rows).toHaveLength(3001);
    expect(rows[1]!.split(',').slice(0, 2)).toEqual(lines[1]!.split(','));
    const score = rows.slice(1).map((l) => Number(l.split(',')[2]));
    expect(score.every((s) => s >= 0 && s <= 1)).toBe(true);
    expect(score[2000]).toBeGreaterThan(0.5);
    expect(Math.max(...score.slice(2500, 2510))).toBeGreaterThan(0.5);
    const quiet = score.filter((_, i) => i >= 150 && !(i >= 2000 && i < 2150) && !(i >= 2500 && i < 2650));
    expect(Math.max(...quiet)).toBeLessThan(0.5);

    expectOneLineError(await servolab('detect', '--input', input, '--value', 'temp', '--out', out), 1, /no column "temp".*choose with --value/);
    expectOneLineError(await servolab('detect', '--input', join(dir, 'missing.csv'), '--out', out), 1, /file not found/);
    expectOneLineError(await servolab('detect', '--input', input), 2, /--out is required/);
  }, 60_000);

  it('trains a failure model on simulator ground truth (windowed features, time-ordered split) and clusters its failure episodes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'servolab-series-cli-'));
    const db = join(dir, 'servo.duckdb');
    const sim = await servolab('simulate', '--db', db, '--profile', 'servo', '--machines', '2', '--duration', '12h', '--seed', '5', '--start', '2026-03-01T00:00:00Z', '--faults', 'bearing_wear,overheating,imbalance');
    expect(sim.code, sim.stderr).toBe(0);
    const r = await json('train', '--db', db, '--label', 'failure', '--horizon', '10m', '--window', '1m', '--trees', '50');
    expect(r.model).toBe('failure@1');
    expect(r.data).toMatchObject({ rows: 1440, windowMs: 60000, horizonMs: 600000, machines: ['M-001', 'M-002'] });
    expect(Date.parse(r.data.testFrom)).toBeGreaterThan(Date.parse(r.data.from));
    expect(r.metrics.support.positive).toBeGreaterThan(0);
    expect(r.metrics.rocAuc).toBeGreaterThan(0.9);
    // The operator's view: held-out failures an alert came ahead of, and how early.
    expect(r.failuresCaught.covered).toBeGreaterThan(0);
    expect(r.failuresCaught.caught).toBeLessThanOrEqual(r.failuresCaught.covered);
    expect(r.failuresCaught.recall).toBe(r.failuresCaught.caught / r.failuresCaught.covered);
    if (r.failuresCaught.caught > 0) expect(r.failuresCaught.medianLeadSeconds).toBeGreaterThan(0);
    // Hopping windows: a 1 min window every 20 s, three per reading (two more at each machine's start).
    const hopping = await json('train', '--db', db, '--label', 'failure', '--horizon', '10m', '--window', '1m', '--hop', '20s', '--trees', '20', '--name', 'hop');
    expect(hopping.data).toMatchObject({ rows: 3 * 1440 + 4, windowMs: 60000, hopMs: 20000 });
    expectOneLineError(await servolab('train', '--db', db, '--label', 'failure', '--horizon', '10m', '--window', '1m', '--hop', '2m'), 2, /--hop: the hop must not be longer than the window/);
    // Remaining useful life: a regression on the seconds to the next failure, capped at the horizon.
    const rul = await json('train', '--db', db, '--label', 'rul', '--horizon', '1h', '--trees', '30');
    expect(rul).toMatchObject({ model: 'rul@1', task: 'regression', data: { label: 'rul' }, failuresCaught: null });
    expect(rul.data.rows).toBeLessThanOrEqual(1440);
    expect(rul.metrics.r2).toBeGreaterThan(0.3);
    expect(rul.metrics.mae).toBeLessThan(900);
    expectOneLineError(await servolab('train', '--db', db, '--label', 'rul', '--horizon', '1h', '--every', '1h', '--lookback', '6h'), 2, /--label rul trains once/);
    const listed = await json('models', '--db', db);
    expect(listed.models.find((m: any) => m.id === 'failure@1')).toMatchObject({ algorithm: 'forest', task: 'classification' });
    const clustered = await json('cluster', '--db', db, '--k', '3');
    expect(clustered.k).toBe(3);
    expect(clustered.clusters.reduce((a: number, c: any) => a + c.size, 0)).toBe(clustered.episodes);
    expect(clustered.silhouette).toBeGreaterThan(-1);
    expect(clustered.purity).toBeGreaterThan(0.5);
    expect((await servolab('cluster', '--db', db)).stdout).toMatch(/best silhouette of k = 2\.\.8/);
    // Periodic retraining: two runs a second apart on the last 6 h; the second is promoted only if it does as well.
    const retrained = await json('train', '--db', db, '--label', 'failure', '--horizon', '10m', '--every', '1s', '--lookback', '6h', '--runs', '2', '--trees', '20', '--name', 'risk');
    expect(retrained.runs.map((run: any) => run.model)).toEqual(['risk@1', 'risk@2']);
    expect(retrained.runs[0]).toMatchObject({ promoted: true, error: false });
    expect(retrained.runs[1].liveScore).not.toBeNull();
    expect(retrained.runs[1].at - retrained.runs[0].at).toBeGreaterThanOrEqual(950); // start to start; each `at` is taken a moment into its run
    const risk = (await json('models', '--db', db)).models.filter((m: any) => m.name === 'risk');
    expect(risk.filter((m: any) => m.live)).toHaveLength(1);
    expect(Date.parse(risk[0].data.from)).toBeGreaterThanOrEqual(Date.parse('2026-03-01T06:00:00Z') - 60_000);
    expectOneLineError(await servolab('train', '--db', db, '--label', 'failure', '--horizon', '10m', '--every', '1m', '--lookback', '1m'), 2, /--lookback must be longer than --window/);
    expectOneLineError(await servolab('train', '--db', db, '--label', 'failure', '--horizon', '10m', '--runs', '2'), 2, /--runs and --promote need --every and --lookback/);
    expectOneLineError(await servolab('train', '--label', 'failure', '--horizon', '10m'), 2, /--horizon trains on the workspace readings/);
    expectOneLineError(await servolab('train', '--db', db, '--label', 'failure', '--window', '1m', '--table', 'x'), 2, /--window, --hop, --trend, --from and --to need --horizon/);
  }, 90_000);

  it('trains a failure model on stored load cycles, their metrics as features', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'servolab-cycle-train-')), 'press.duckdb');
    expect((await servolab('simulate', '--db', db, '--profile', 'press', '--machines', '4', '--duration', '6h', '--seed', '3', '--start', '2026-03-01T00:00:00Z', '--faults', 'electrical')).code).toBe(0);
    expectOneLineError(await servolab('train', '--db', db, '--label', 'failure', '--horizon', '10m', '--source', 'cycles'), 1, /no stored cycles .*servolab cycles --save/);
    expect((await servolab('cycles', '--db', db, '--sensor', 'voltage', '--save')).code).toBe(0);
    const r = await json('train', '--db', db, '--label', 'failure', '--horizon', '10m', '--source', 'cycles', '--sensor', 'voltage', '--trees', '50', '--name', 'cycles');
    expect(r.model).toBe('cycles@1');
    expect(r.features).toBe(16);
    expect(r.data).toMatchObject({ source: 'cycles', sensor: 'voltage', machines: ['M-001', 'M-002', 'M-003', 'M-004'] });
    expect(r.data.rows).toBeGreaterThan(500);
    expect(r.metrics.support.positive).toBeGreaterThan(0);
    expect(r.metrics.rocAuc).toBeGreaterThan(0.75);
    expectOneLineError(await servolab('train', '--db', db, '--label', 'failure', '--horizon', '10m', '--sensor', 'voltage'), 2, /--sensor .* needs --source cycles/);
    expectOneLineError(await servolab('train', '--db', db, '--label', 'failure', '--horizon', '10m', '--source', 'cycles', '--window', '1m'), 2, /a cycle is its own window/);
  }, 90_000);

  it('Ctrl-C cancels a training run: progress shown, no model stored, the run recorded as failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'servolab-train-cancel-'));
    const db = join(dir, 'lab.duckdb');
    const child = spawn(process.execPath, [BIN, 'train', '--csv', AI4I, ...AI4I_ARGS, '--trees', '5000', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    await new Promise<void>((resolve) =>
      child.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/… \d+\/5000 trees/.test(stderr)) resolve();
      }),
    );
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/servolab train: error: training cancelled/);
    expect((await json('models', '--db', db)).models).toEqual([]);
    const runs = await json('sql', '--db', db, 'SELECT status, error FROM runs');
    expect(runs.rows).toEqual([['failed', 'training cancelled']]);
  }, 60_000);
});
