import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Simulator } from '../sim';
import { MEMORY } from '../store/workspace';
import { Lab, type LabSession } from './lab';
import type { Annotation, LiveAlert, ModelResponses, RetrainStatus, TrainProgressEvent } from './model-contract';

const DATA = join(import.meta.dirname, '../../resources/data');
const START = Date.UTC(2026, 2, 1);
const HOUR = 3_600_000;

let lab: Lab;
let session: LabSession;
let progress: TrainProgressEvent[];
let alerts: LiveAlert[];
let retrains: RetrainStatus[];

beforeEach(async () => {
  lab = await Lab.open(MEMORY);
  progress = [];
  alerts = [];
  retrains = [];
  session = lab.session((event, payload) => {
    if (event === 'trainProgress') progress.push(payload as TrainProgressEvent);
    if (event === 'alert') alerts.push(payload as LiveAlert);
    if (event === 'retrain') retrains.push(payload as RetrainStatus);
  });
  const sim = new Simulator({ profile: 'servo', machines: 2, seed: 4, start: START, faults: ['bearing_wear', 'overheating'], faultTiming: { physicalGapMs: HOUR } });
  await lab.ingestor.defineSensors(sim.sensors());
  for (const { batch, events } of sim.chunks(START + 6 * HOUR, 600_000)) await lab.ingestor.ingest(batch, { source: 'simulator', events });
});
afterEach(async () => {
  await lab.close();
});

describe('model methods of the Lab', () => {
  it('trains a series model with progress, lists, compares and promotes it, and scores a live run with it', async () => {
    const trained = (await session.call('trainStart', { name: 'risk', horizonMs: 600_000, trees: 20 })) as ModelResponses['trainStart'];
    expect(trained).toMatchObject({ model: 'risk@1', rows: 2 * 6 * 60, features: 34 + 9 }); // 34 window features, 9 trends (mean, std, max of 3 sensors)
    expect(progress.at(-1)).toEqual({ name: 'risk', treesDone: 20, trees: 20 });
    const { models } = (await session.call('modelsList', {})) as ModelResponses['modelsList'];
    expect(models.map((m) => [m.id, m.live])).toEqual([['risk@1', false]]);
    expect((await session.call('modelsCompare', { models: ['risk@1'] })) as ModelResponses['modelsCompare']).toEqual({ models });
    expect(((await session.call('modelPromote', { model: 'risk@1' })) as ModelResponses['modelPromote']).live).toBe(true);
    await expect(session.call('modelPromote', { model: 'risk@9' })).rejects.toThrow(/no model risk@9/);

    await session.call('simulationStart', { profile: 'servo', machines: 2, seed: 5, speed: 1000, faults: 'bearing_wear,overheating' });
    expect(lab.liveModel.model).toBe('risk@1');
    const list = async () => (await session.call('predictionsList', {})) as ModelResponses['predictionsList'];
    await expect.poll(async () => (await list()).predictions.length, { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(4);
    await session.call('simulationStop', {});
    const { predictions } = await list();
    expect(predictions.every((p) => p.model === 'risk@1' && p.score >= 0 && p.score <= 1 && (p.machine === 'M-001' || p.machine === 'M-002'))).toBe(true);
    // Every pushed alert is stored, and only those.
    const stored = (await session.call('alertsList', {})) as ModelResponses['alertsList'];
    expect(stored.alerts.map((a) => `${a.kind}/${a.machine}/${a.ts}`).sort()).toEqual(alerts.map((a) => `${a.kind}/${a.machine}/${a.ts}`).sort());
    expect(((await session.call('predictionsList', { machine: 'M-001', limit: 1 })) as ModelResponses['predictionsList']).predictions.every((p) => p.machine === 'M-001')).toBe(true);
  }, 90_000);

  it('retrains on a schedule, pushes its status, promotes the first version and stops', async () => {
    await expect(session.call('retrainStart', { name: 'risk', horizonMs: 600_000, lookbackMs: 60_000, everyMs: 60_000 })).rejects.toThrow(/lookback must be longer than the window/);
    const started = (await session.call('retrainStart', { name: 'risk', horizonMs: 600_000, lookbackMs: 4 * HOUR, everyMs: 3_600_000, trees: 20 })) as RetrainStatus;
    expect(started).toMatchObject({ running: true, name: 'risk', runs: 0 });
    await expect(session.call('retrainStart', { name: 'other', horizonMs: 600_000, lookbackMs: 4 * HOUR, everyMs: 60_000 })).rejects.toThrow(/already scheduled/);
    await expect.poll(() => retrains.at(-1)?.runs ?? 0, { timeout: 30_000, interval: 100 }).toBe(1);
    const status = (await session.call('retrainStatus', {})) as RetrainStatus;
    expect(status).toMatchObject({ running: true, promotions: 1, failures: 0, last: { model: 'risk@1', promoted: true } });
    // The next run is an hour after this one started.
    expect(status.nextAt! - status.last!.at).toBeGreaterThan(3_500_000);
    const { models } = (await session.call('modelsList', {})) as ModelResponses['modelsList'];
    expect(models.map((m) => [m.id, m.live])).toEqual([['risk@1', true]]);
    expect(((await session.call('retrainStop', {})) as RetrainStatus).running).toBe(false);
    expect(retrains.at(-1)!.running).toBe(false);
    expect(lab.log.recent('info', 200, 'ml').find((e) => e.msg === 'retraining run')?.detail).toMatchObject({ name: 'risk', model: 'risk@1' });
  }, 60_000);

  it('adds, lists and removes user annotations; ground truth cannot be removed that way', async () => {
    const at = START + HOUR;
    const added = (await session.call('annotationAdd', { machine: 'M-001', kind: 'seized', onset: at, failure: at + 60_000, note: 'wo 7' })) as Annotation;
    expect(added).toMatchObject({ machine: 'M-001', kind: 'seized', onset: at, failure: at + 60_000, note: 'wo 7' });
    expect(((await session.call('annotationsList', {})) as { annotations: Annotation[] }).annotations).toEqual([added]);
    await expect(session.call('annotationAdd', { machine: 'nope', kind: 'x', onset: at })).rejects.toThrow(/unknown machine "nope"/);
    await expect(session.call('annotationAdd', { machine: 'M-001', kind: '', onset: at })).rejects.toThrow();
    const [truth] = await lab.ws.rows<{ id: bigint }>(`SELECT id FROM events WHERE source <> 'user' LIMIT 1`);
    await expect(session.call('annotationRemove', { id: Number(truth!.id) })).rejects.toThrow(/no user annotation/);
    expect(await session.call('annotationRemove', { id: added.id })).toEqual({ removed: added.id });
    expect(((await session.call('annotationsList', {})) as { annotations: Annotation[] }).annotations).toEqual([]);
  });

  it('trains a table model from an imported training table', async () => {
    const ai4i = lab.inbox.stage(join(DATA, 'ai4i2020.csv'));
    await session.importRun({ file: ai4i.file });
    const trained = (await session.call('trainStart', {
      name: 'ai4i',
      source: 'table',
      table: 'ai4i2020',
      label: 'Machine failure',
      drop: ['UDI', 'Product ID', 'TWF', 'HDF', 'PWF', 'OSF', 'RNF'],
      derive: ['power = "Torque [Nm]" * "Rotational speed [rpm]"'],
      trees: 30,
    })) as ModelResponses['trainStart'];
    expect(trained).toMatchObject({ model: 'ai4i@1', rows: 10_000, features: 7 });
    expect(trained.metrics.rocAuc).toBeGreaterThan(0.9);
    expect(progress.at(-1)).toEqual({ name: 'ai4i', treesDone: 30, trees: 30 });
    await expect(session.call('trainStart', { name: 'x', source: 'table', table: 'ai4i2020' })).rejects.toThrow(/needs table and label/);
    await expect(session.call('trainStart', { name: 'x', source: 'table', table: 'nope', label: 'y' })).rejects.toThrow(/no training table "nope"/);
  }, 60_000);

  it('cancels a training run and rejects bad requests with one line', async () => {
    const run = session.call('trainStart', { name: 'big', horizonMs: 600_000, trees: 2000 });
    await expect.poll(() => progress.length, { timeout: 20_000, interval: 20 }).toBeGreaterThan(0);
    expect(await session.call('trainCancel', {})).toEqual({ cancelled: true });
    await expect(run).rejects.toThrow(/cancelled/);
    expect(((await session.call('modelsList', {})) as ModelResponses['modelsList']).models).toEqual([]);
    await expect(session.call('trainStart', { name: 'bad name!', horizonMs: 600_000 })).rejects.toThrow(/trainStart: name: a model name/);
    await expect(session.call('alertsList', { kind: 'nope' })).rejects.toThrow(/alertsList: kind/);
    await expect(session.call('trainStart', { name: 'x', horizonMs: 600_000, label: 'mood' })).rejects.toThrow(/label failure or rul/);
    await expect(session.call('trainStart', { name: 'x', horizonMs: 600_000, windowMs: 60_000, hopMs: 120_000 })).rejects.toThrow(/hopMs must be at most windowMs/);
    // Remaining useful life over 2 min windows every minute, capped at an hour: a regression.
    const rul = (await session.call('trainStart', { name: 'life', label: 'rul', horizonMs: HOUR, windowMs: 120_000, hopMs: 60_000, trees: 10 })) as ModelResponses['trainStart'];
    expect(rul.model).toBe('life@1');
    expect(Object.keys(rul.metrics).sort()).toEqual(['mae', 'r2', 'rmse']);
  }, 60_000);
});
