// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LabEvents, LabStatus, WorkspaceInfo } from '../../core/api/contract';
import type { LabClient } from './api/client';
import { LabApp } from './LabApp';

// uPlot needs a real canvas; the chart wrapper is covered by the end-to-end suite.
vi.mock('./charts/TimeChart', () => ({
  TimeChart: (props: { ts: number[]; testId?: string }) => <div data-testid={props.testId} data-points={props.ts.length} />,
}));
vi.mock('./charts/CycleSignalChart', () => ({ CycleSignalChart: () => <div /> }));
vi.mock('./charts/PlotChart', () => ({ PlotChart: () => <div /> }));

const status: LabStatus = {
  running: true,
  profile: 'motor',
  machines: 1,
  machineNames: ['M-001'],
  sensors: ['voltage'],
  speed: 1,
  stored: 10,
  quarantined: 2,
  events: 1,
  rate: 1234,
  lastError: null,
};
const info: WorkspaceInfo = { path: '/tmp/w.duckdb', schemaVersion: 1, readings: 10, machines: ['M-001'], sensors: [{ name: 'voltage', unit: 'kV', min: 0, max: 50 }], from: 0, to: 1000, empty: false, demo: null };

function fakeClient() {
  const listeners = new Map<string, (payload: unknown) => void>();
  const client = {
    on: (event: string, fn: (payload: unknown) => void) => {
      listeners.set(event, fn);
      return () => listeners.delete(event);
    },
    workspaceInfo: vi.fn(async () => info),
    status: vi.fn(async () => ({ ...status, running: false })),
    simulationStart: vi.fn(async () => status),
    liveSubscribe: vi.fn(async () => ({ series: 1 })),
    simulationStop: vi.fn(async () => ({ ...status, running: false })),
    timeRange: vi.fn(async () => ({ from: 0, to: 1000 })),
    stats: vi.fn(async () => []),
    m4: vi.fn(async () => ({ level: 'raw', count: [1], firstTs: [0], first: [1], lastTs: [0], last: [1], minTs: [0], min: [1], maxTs: [0], max: [1] })),
  } as unknown as LabClient;
  const emit = <E extends keyof LabEvents>(event: E, payload: LabEvents[E]) => act(() => listeners.get(event)?.(payload));
  return { client, emit };
}

afterEach(cleanup);

describe('LabApp', () => {
  it('starts a simulation, charts pushed live frames, and shows status and errors', async () => {
    const { client, emit } = fakeClient();
    render(<LabApp client={client} />);
    expect(await screen.findByText('/tmp/w.duckdb')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    const chart = await screen.findByTestId('live-chart');
    emit('status', status);
    emit('live', { series: [{ machine: 'M-001', sensor: 'voltage', ts: [1000, 1100, 1200], values: [1, 5, 9] }] });
    await vi.waitFor(() => expect(Number(chart.getAttribute('data-points'))).toBe(3), { timeout: 2000 });
    expect(screen.getByTestId('ingest-rate').textContent).toBe('1,234 readings/s');
    expect(screen.getByTestId('fault-badge').textContent).toBe('1 fault events');
    expect(screen.getByTestId('current-value').textContent).toBe('9.00');
    emit('error', { code: 'internal', message: 'simulation stopped: disk full' });
    expect(screen.getByRole('alert').textContent).toContain('simulation stopped: disk full');
    fireEvent.click(screen.getByRole('tab', { name: 'Explore' }));
    expect(screen.getByRole('tab', { name: 'Explore' }).getAttribute('aria-selected')).toBe('true');
    await vi.waitFor(() => expect(client.m4).toHaveBeenCalledWith(expect.objectContaining({ machine: 'M-001', sensor: 'voltage', from: 0, to: 1001 })));
  });
});
