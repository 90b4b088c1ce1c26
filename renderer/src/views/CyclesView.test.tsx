// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CyclesDetectResponse, LabEvents, WorkspaceInfo } from '../../../core/api/contract';
import type { CycleMetrics } from '../../../core/cycles';
import type { LabClient } from '../api/client';
import { LabCallError } from '../api/transport';
import { LabApp } from '../LabApp';
import { useApp } from '../stores/app';
import { useCycles } from '../stores/cycles';

// uPlot needs a real canvas; the chart components are covered by the end-to-end suite.
vi.mock('../charts/CycleSignalChart', () => ({
  CycleSignalChart: (props: { range: { from: number; to: number }; spans: { start: Float64Array } }) => (
    <div data-testid="cycle-signal" data-from={props.range.from} data-to={props.range.to} data-spans={props.spans.start.length} />
  ),
}));
vi.mock('../charts/TimeChart', () => ({ TimeChart: () => <div /> }));
vi.mock('../charts/PlotChart', () => ({ PlotChart: (props: { testId: string; items: number }) => <div data-testid={props.testId} data-items={props.items} /> }));

const info: WorkspaceInfo = { path: '/tmp/w.duckdb', schemaVersion: 1, readings: 10, machines: ['P-001', 'P-002'], sensors: [{ name: 'current', unit: 'A', min: 0, max: 9 }, { name: 'voltage', unit: 'kV', min: 0, max: 50 }], from: 0, to: 1000, empty: false, demo: null };

const cycle = (i: number): CycleMetrics => ({
  start: 1_000_000 + i * 60_000,
  end: 1_000_000 + i * 60_000 + 30_000 + (i % 7) * 1000,
  duration_s: 30 + (i % 7),
  idle_before_s: i ? 20 : null,
  period_s: i ? 60 : null,
  samples: 300,
  baseline: 1,
  max_point: 5 + (i % 5) / 10,
  min: 1,
  mean: 4,
  median: 4.5,
  root_mean_squared: 4.2,
  std: 0.5,
  area_above_baseline: 100,
  rise_time_s: i % 10 === 0 ? null : 1.5,
  fall_time_s: 3,
  overshoot_pct: 5,
  time_above_threshold_s: 29,
  threshold: 2.5,
  reference_time: 1_000_000 + i * 60_000 + 15_000,
});

const response = (n: number): CyclesDetectResponse => ({
  machine: 'P-001',
  sensor: 'voltage',
  detector: 'auto(min_gap=1s, min_duration=1s)',
  mode: 'auto',
  readings: 100_000,
  total: n,
  cycles: Array.from({ length: n }, (_, i) => cycle(i)),
  summary: { count: n, stats: {}, trends: { duration_s: { perHour: 0.5, change: 1 }, max_point: null }, zLimit: 3.5, abnormal: [3, 7, 60].map((index) => ({ index, start: cycle(index).start, scores: { duration_s: 4 } })) },
  saved: null,
});

function fakeClient() {
  const listeners = new Map<string, (payload: unknown) => void>();
  let finish: (r: CyclesDetectResponse) => void = () => undefined;
  let abort: (e: Error) => void = () => undefined;
  const client = {
    on: (event: string, fn: (payload: unknown) => void) => {
      listeners.set(event, fn);
      return () => listeners.delete(event);
    },
    workspaceInfo: vi.fn(async () => info),
    status: vi.fn(async () => ({ running: false })),
    m4: vi.fn(async () => ({ level: 'raw', count: [1], firstTs: [0], first: [1], lastTs: [0], last: [1], minTs: [0], min: [1], maxTs: [0], max: [1] })),
    cyclesDetect: vi.fn(
      () =>
        new Promise<CyclesDetectResponse>((resolve, reject) => {
          finish = resolve;
          abort = reject;
        }),
    ),
    cyclesCancel: vi.fn(async () => {
      abort(new LabCallError({ code: 'cancelled', message: 'cycle detection cancelled' }));
      return { cancelled: true };
    }),
  } as unknown as LabClient;
  const emit = <E extends keyof LabEvents>(event: E, payload: LabEvents[E]) => act(() => listeners.get(event)?.(payload));
  return { client, emit, finish: (r: CyclesDetectResponse) => act(() => finish(r)) };
}

const initial = useCycles.getState();
beforeEach(() => {
  useCycles.setState(initial, true);
  useApp.setState({ view: 'cycles', error: null, info: null });
});
afterEach(cleanup);

const bodyRows = () => within(screen.getByTestId('cycle-table')).getAllByRole('row').slice(1);

describe('CyclesView', () => {
  it('validates inline, detects with progress, pages, sorts, highlights abnormal cycles and zooms to a row', async () => {
    const { client, emit, finish } = fakeClient();
    render(<LabApp client={client} />);
    expect(screen.getByRole('tab', { name: 'Cycles' }).getAttribute('aria-selected')).toBe('true');
    // The drive's voltage is preferred over the first sensor.
    await vi.waitFor(() => expect((screen.getByLabelText('Sensor') as HTMLSelectElement).value).toBe('voltage'));

    fireEvent.change(screen.getByLabelText('Mode'), { target: { value: 'fixed' } });
    fireEvent.change(screen.getByLabelText('Min gap (s)'), { target: { value: '-2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Detect' }));
    expect(screen.getByText('a number (the level a cycle runs above)')).toBeTruthy();
    expect(screen.getByText('seconds, 0 to 366 days')).toBeTruthy();
    expect(client.cyclesDetect).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText('Mode'), { target: { value: 'auto' } });
    fireEvent.change(screen.getByLabelText('Min gap (s)'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Detect' }));
    expect(client.cyclesDetect).toHaveBeenCalledWith({ machine: 'P-001', sensor: 'voltage', minGapMs: 2000, save: false, limit: 20_000 });
    emit('cycleProgress', { machine: 'P-001', sensor: 'voltage', readings: 40_000, fraction: 0.4 });
    expect(screen.getByTestId('cycle-progress').textContent).toBe('40 % · 40,000 readings');
    expect(screen.getByRole('button', { name: 'Detect' })).toHaveProperty('disabled', true);
    finish(response(120));

    expect(await screen.findByTestId('cycle-summary')).toBeTruthy();
    expect(screen.getByTestId('abnormal-count').textContent).toBe('3 abnormal');
    expect(screen.getByTestId('cycle-page').textContent).toBe('page 1 of 3 · 120 rows');
    expect(bodyRows()).toHaveLength(50);
    expect(bodyRows().filter((r) => r.getAttribute('data-abnormal'))).toHaveLength(2);
    expect(screen.getByTestId('cycle-signal').getAttribute('data-spans')).toBe('120');
    expect(screen.getByTestId('overlay-note').textContent).toBe('30 of 120 cycles, evenly spaced');
    expect(screen.getByTestId('trend-duration').textContent).toBe('+0.500 s/h');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(bodyRows().filter((r) => r.getAttribute('data-abnormal'))).toHaveLength(1);

    // Sorting by duration, longest first, starts at page 1 with a 36 s cycle.
    fireEvent.click(screen.getByRole('button', { name: 'duration s' }));
    expect(screen.getByTestId('cycle-page').textContent).toBe('page 1 of 3 · 120 rows');
    expect(within(bodyRows()[0]!).getAllByRole('cell')[2]!.textContent).toBe('36.000');
    fireEvent.click(screen.getByRole('button', { name: /duration s/ }));
    expect(within(bodyRows()[0]!).getAllByRole('cell')[2]!.textContent).toBe('30.000');

    // A row zooms the signal to its cycle (with a margin).
    fireEvent.click(bodyRows()[0]!);
    const first = cycle(0);
    const signal = screen.getByTestId('cycle-signal');
    expect(Number(signal.getAttribute('data-from'))).toBe(first.start - 7500);
    expect(Number(signal.getAttribute('data-to'))).toBe(first.end + 7500);
  });

  it('cancels a running detection without reporting an error', async () => {
    const { client } = fakeClient();
    render(<LabApp client={client} />);
    await vi.waitFor(() => expect((screen.getByLabelText('Machine') as HTMLSelectElement).value).toBe('P-001'));
    fireEvent.click(screen.getByRole('button', { name: 'Detect' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Detect' })).toHaveProperty('disabled', false));
    expect(client.cyclesCancel).toHaveBeenCalled();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByTestId('cycle-summary')).toBeNull();
  });

  it('lists live cycles as they close, newest first', async () => {
    const { client, emit } = fakeClient();
    render(<LabApp client={client} />);
    expect((await screen.findByTestId('live-cycle-count')).textContent).toBe('0 closed');
    const event = (i: number) => ({ machine: 'P-002', sensor: 'voltage', detector: 'auto(min_gap=1s, min_duration=1s)', cycle: cycle(i) });
    emit('cycles', { cycles: [event(1), event(2)], dropped: 0 });
    emit('cycles', { cycles: [event(3)], dropped: 4 });
    expect(screen.getByTestId('live-cycle-count').textContent).toBe('7 closed');
    const rows = within(screen.getByTestId('live-cycles')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getAllByRole('cell')[3]!.textContent).toBe('33.0');
    expect(screen.getByText('4 not listed (too many at once)')).toBeTruthy();
  });
});
