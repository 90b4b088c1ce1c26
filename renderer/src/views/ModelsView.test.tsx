// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabEvents, WorkspaceInfo } from '../../../core/api/contract';
import type { ModelSummary, TrainStartResponse } from '../../../core/api/model-contract';
import type { LabClient } from '../api/client';
import { LabApp } from '../LabApp';
import { useApp } from '../stores/app';

// uPlot needs a real canvas (LabApp imports every view's charts); charts are covered end to end.
vi.mock('../charts/TimeChart', () => ({ TimeChart: () => <div /> }));
vi.mock('../charts/CycleSignalChart', () => ({ CycleSignalChart: () => <div /> }));
vi.mock('../charts/PlotChart', () => ({ PlotChart: () => <div /> }));

const info: WorkspaceInfo = { path: '/tmp/w.duckdb', schemaVersion: 4, readings: 10, machines: ['M-001'], sensors: [], from: 0, to: 1000, empty: false, demo: null };

const model = (version: number, live: boolean, f1: number): ModelSummary => ({
  id: `risk@${version}`,
  name: 'risk',
  version,
  algorithm: 'forest',
  task: 'classification',
  live,
  features: ['vibration.max', 'temperature.mean'],
  params: {},
  metrics: {
    heldOut: { f1, precision: 0.8, recall: 0.7, rocAuc: 0.95, prAuc: 0.6, accuracy: 0.97, threshold: 0.4, confusion: [[90, 3], [2, 5]], support: { positive: 7, negative: 93 } },
    importance: [
      { feature: 'vibration.max', importance: 0.6 },
      { feature: 'temperature.mean', importance: 0.2 },
    ],
  },
  data: { source: 'readings' },
  runId: null,
  createdAt: '2026-03-01T00:00:00.000Z',
});

function fakeClient() {
  const listeners = new Map<string, (payload: unknown) => void>();
  let models = [model(1, true, 0.6), model(2, false, 0.7)];
  let finish: (r: TrainStartResponse) => void = () => undefined;
  let annotations: { id: number; machine: string; kind: string; onset: number; failure: number | null; note?: string }[] = [];
  const client = {
    on: (event: string, fn: (payload: unknown) => void) => {
      listeners.set(event, fn);
      return () => listeners.delete(event);
    },
    workspaceInfo: vi.fn(async () => info),
    status: vi.fn(async () => ({ running: false })),
    modelsList: vi.fn(async () => ({ models })),
    modelPromote: vi.fn(async ({ model: id }: { model: string }) => {
      models = models.map((m) => ({ ...m, live: m.id === id }));
      return models.find((m) => m.id === id)!;
    }),
    alertsList: vi.fn(async () => ({ alerts: [{ id: 1, kind: 'anomaly', machine: 'M-001', sensor: 'vibration', ts: 1_772_323_200_000, score: 0.95, threshold: 0.9, source: 'streaming-detector' }], truncated: false })),
    trainStart: vi.fn(() => new Promise<TrainStartResponse>((resolve) => (finish = resolve))),
    trainCancel: vi.fn(async () => ({ cancelled: true })),
    annotationsList: vi.fn(async () => ({ annotations })),
    annotationAdd: vi.fn(async (a: { machine: string; kind: string; onset: number; failure: number | null; note?: string }) => {
      const added = { id: annotations.length + 1, ...a };
      annotations = [...annotations, added];
      return added;
    }),
    annotationRemove: vi.fn(async ({ id }: { id: number }) => {
      annotations = annotations.filter((a) => a.id !== id);
      return { removed: id };
    }),
    retrainStatus: vi.fn(async () => ({ ...retrainOff })),
    retrainStart: vi.fn(async ({ name }: { name: string }) => ({ ...retrainOff, running: true, name, nextAt: Date.now() })),
    retrainStop: vi.fn(async () => ({ ...retrainOff, name: 'failure', runs: 1, promotions: 1 })),
  } as unknown as LabClient;
  const emit = <E extends keyof LabEvents>(event: E, payload: LabEvents[E]) => act(() => listeners.get(event)?.(payload));
  return { client, emit, finish: (r: TrainStartResponse) => act(() => finish(r)) };
}

const retrainOff = { running: false, name: null, runs: 0, promotions: 0, failures: 0, last: null, nextAt: null };

beforeEach(() => useApp.setState({ view: 'models', error: null, info: null }));
afterEach(cleanup);

describe('ModelsView', () => {
  it('lists, compares and promotes models, trains with progress, and lists alerts as they are pushed', async () => {
    const { client, emit, finish } = fakeClient();
    render(<LabApp client={client} />);
    expect(screen.getByRole('tab', { name: 'Models' }).getAttribute('aria-selected')).toBe('true');
    const registry = await screen.findByTestId('model-registry');
    await vi.waitFor(() => expect(within(registry).getAllByRole('row')).toHaveLength(3));

    // Compare both: held-out metrics side by side; the last picked shows its confusion matrix and importance.
    fireEvent.click(screen.getByLabelText('Compare risk@1'));
    fireEvent.click(screen.getByLabelText('Compare risk@2'));
    const f1 = within(screen.getByTestId('model-compare')).getByText('f1').closest('tr')!;
    expect(within(f1).getAllByRole('cell').map((c) => c.textContent)).toEqual(['f1', '0.600', '0.700']);
    const matrix = screen.getByRole('table', { name: 'Confusion matrix' });
    expect(within(matrix).getAllByRole('cell').map((c) => c.textContent)).toEqual(['90', '3', '2', '5']);
    expect(within(screen.getByRole('list', { name: 'Feature importance' })).getAllByRole('listitem')[0]!.textContent).toContain('vibration.max');

    fireEvent.click(screen.getByRole('button', { name: 'Promote risk@2' }));
    expect(client.modelPromote).toHaveBeenCalledWith({ model: 'risk@2' });
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Promote risk@1' })).toBeTruthy());

    // Train: inline validation first, then progress and the refreshed registry.
    fireEvent.change(screen.getByLabelText('Trees'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    expect(screen.getByRole('status').textContent).toBe('trees: a whole number from 1 to 2000');
    expect(client.trainStart).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('Trees'), { target: { value: '50' } });
    fireEvent.change(screen.getByLabelText('Hop (s)'), { target: { value: '90' } });
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    expect(screen.getByRole('status').textContent).toBe('hop: the hop must not be longer than the window (gaps would skip readings)');
    fireEvent.change(screen.getByLabelText('Hop (s)'), { target: { value: '20' } });
    fireEvent.change(screen.getByLabelText('Train from'), { target: { value: 'yesterday' } });
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    expect(screen.getByRole('status').textContent).toMatch(/^from\/to: an ISO time/);
    fireEvent.change(screen.getByLabelText('Train from'), { target: { value: '2026-03-01T06:00:00Z' } });
    fireEvent.change(screen.getByLabelText('Predict'), { target: { value: 'rul' } });
    expect(client.trainStart).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    expect(client.trainStart).toHaveBeenCalledWith({ name: 'failure', source: 'series', label: 'rul', horizonMs: 600_000, windowMs: 60_000, hopMs: 20_000, from: Date.UTC(2026, 2, 1, 6), trees: 50, thresholdMetric: 'f1' });
    emit('trainProgress', { name: 'failure', treesDone: 20, trees: 50 });
    expect(screen.getByTestId('train-progress').textContent).toBe('20 / 50 trees');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(client.trainCancel).toHaveBeenCalled();
    const calls = (client.modelsList as ReturnType<typeof vi.fn>).mock.calls.length;
    finish({ model: 'failure@1', rows: 100, features: 30, threshold: 0.5, metrics: {}, trainSeconds: 1, warnings: [] });
    await vi.waitFor(() => expect((client.modelsList as ReturnType<typeof vi.fn>).mock.calls.length).toBe(calls + 1));

    // Alerts: the stored one, then a pushed one on top.
    const alertRows = () => within(screen.getByTestId('alerts')).getAllByRole('row').slice(1);
    await vi.waitFor(() => expect(alertRows()).toHaveLength(1));
    emit('alert', { kind: 'failure-risk', machine: 'M-001', sensor: null, ts: 1_772_323_260_000, score: 0.8, threshold: 0.4, source: 'risk@2' });
    expect(alertRows()).toHaveLength(2);
    expect(within(alertRows()[0]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2026-03-01 00:01:00', 'failure-risk', 'M-001', '', '0.800', '0.400', 'risk@2']);
  });

  it('schedules periodic retraining with inline validation, shows each run and refreshes the registry, and stops', async () => {
    const { client, emit } = fakeClient();
    render(<LabApp client={client} />);
    await screen.findByTestId('model-registry');
    fireEvent.change(screen.getByLabelText('Lookback (h)'), { target: { value: '0.01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start retraining' }));
    expect(screen.getByRole('status').textContent).toBe('lookback: longer than the window');
    expect(client.retrainStart).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('Lookback (h)'), { target: { value: '12' } });
    fireEvent.change(screen.getByLabelText('Every (min)'), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start retraining' }));
    expect(client.retrainStart).toHaveBeenCalledWith({ name: 'failure', horizonMs: 600_000, windowMs: 60_000, lookbackMs: 12 * 3_600_000, everyMs: 1_800_000, promote: 'if-better' });
    await screen.findByRole('button', { name: 'Stop retraining' });
    const calls = (client.modelsList as ReturnType<typeof vi.fn>).mock.calls.length;
    const at = Date.UTC(2026, 2, 1, 12);
    emit('retrain', { running: true, name: 'failure', runs: 1, promotions: 0, failures: 0, nextAt: at + 1_800_000, last: { at, model: 'failure@3', promoted: false, decision: 'kept failure@2: f1 0.900 on the newest windows, new 0.850', score: 0.85, liveScore: 0.9, error: false } });
    expect(screen.getByTestId('retrain-status').textContent).toContain('1 run(s), 0 promoted, 0 failed');
    expect(screen.getByTestId('retrain-status').textContent).toContain('failure@3: kept failure@2: f1 0.900');
    await vi.waitFor(() => expect((client.modelsList as ReturnType<typeof vi.fn>).mock.calls.length).toBe(calls + 1));
    fireEvent.click(screen.getByRole('button', { name: 'Stop retraining' }));
    expect(client.retrainStop).toHaveBeenCalled();
    await screen.findByRole('button', { name: 'Start retraining' });
  });

  it('records an annotation (a failure labels training), lists it and removes it', async () => {
    const { client } = fakeClient();
    useApp.setState({ info });
    render(<LabApp client={client} />);
    await screen.findByTestId('annotations');
    fireEvent.click(screen.getByRole('button', { name: 'Annotate' }));
    expect(screen.getByRole('status').textContent).toBe('when: a date and time (UTC)');
    fireEvent.change(screen.getByLabelText('Annotation kind'), { target: { value: 'bearing seized' } });
    fireEvent.change(screen.getByLabelText('Annotation time'), { target: { value: '2026-03-01T14:02:00' } });
    fireEvent.change(screen.getByLabelText('Annotation note'), { target: { value: 'wo 7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Annotate' }));
    const at = Date.UTC(2026, 2, 1, 14, 2);
    await vi.waitFor(() => expect(client.annotationAdd).toHaveBeenCalledWith({ machine: 'M-001', kind: 'bearing seized', onset: at, failure: at, note: 'wo 7' }));
    const rows = () => within(screen.getByTestId('annotations')).getAllByRole('row').slice(1);
    await vi.waitFor(() => expect(rows()).toHaveLength(1));
    expect(within(rows()[0]!).getAllByRole('cell').map((c) => c.textContent).slice(0, 5)).toEqual(['M-001', 'bearing seized', '2026-03-01 14:02:00', '2026-03-01 14:02:00', 'wo 7']);
    fireEvent.click(screen.getByRole('button', { name: 'Remove annotation 1' }));
    await vi.waitFor(() => expect(within(screen.getByTestId('annotations')).getAllByRole('row')).toHaveLength(1));
  });
});
