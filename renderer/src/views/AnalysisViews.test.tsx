// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SqlResult, WindowsResponse } from '../../../core/api/files-contract';
import type { LabClient } from '../api/client';
import { LabClientContext } from '../api/context';
import { useApp } from '../stores/app';
import { SqlView } from './SqlView';
import { WindowsView } from './WindowsView';

// uPlot needs a real canvas; the chart itself is covered by the end-to-end suite.
vi.mock('../charts/TimeChart', () => ({
  TimeChart: (props: { ts: number[]; values: number[]; testId?: string }) => <div data-testid={props.testId} data-points={props.ts.length} data-last={props.values.at(-1)} />,
}));

vi.mock('../charts/PlotChart', () => ({ PlotChart: (props: { testId: string; items: number }) => <div data-testid={props.testId} data-points={props.items} /> }));

const wrap = (client: LabClient, node: ReactNode) => render(<LabClientContext.Provider value={client}>{node}</LabClientContext.Provider>);
afterEach(cleanup);

describe('WindowsView', () => {
  it('sends the form as a windows request, charts and tables the result, exports it', async () => {
    useApp.getState().setInfo({ path: 'w', schemaVersion: 1, readings: 4, machines: ['M1'], sensors: [{ name: 'temp', unit: '', min: 0, max: 1 }], from: 0, to: 1, empty: false, demo: null });
    const response: WindowsResponse = {
      level: 'raw',
      everyMs: 60_000,
      hopMs: 60_000,
      aggs: ['avg', 'max'],
      rows: [
        { machine: 'M1', sensor: 'temp', start: '2024-01-01T00:00:00.000Z', end: '2024-01-01T00:01:00.000Z', avg: 20.25, max: 21 },
        { machine: 'M1', sensor: 'temp', start: '2024-01-01T00:01:00.000Z', end: '2024-01-01T00:02:00.000Z', avg: 22.5, max: 23 },
      ],
      truncated: false,
    };
    const lab = { windows: vi.fn(async () => response), exportWindows: vi.fn(async () => ({ rows: 2, out: '/x/exports/windows.csv', name: 'windows.csv' })) };
    wrap(lab as unknown as LabClient, <WindowsView />);
    fireEvent.click(screen.getByLabelText('Aggregate min'));
    fireEvent.click(screen.getByLabelText('Aggregate count'));
    fireEvent.change(screen.getByLabelText('Sensor'), { target: { value: 'temp' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2024-01-01T00:00:00' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Aggregate' })));
    expect(lab.windows).toHaveBeenCalledWith({ every: '1m', aggs: ['avg', 'max'], sensor: 'temp', from: Date.UTC(2024, 0, 1) });
    expect(screen.getByTestId('windows-summary').textContent).toContain('2 windows');
    expect(screen.getByTestId('windows-chart').dataset.last).toBe('22.5');
    expect(screen.getByRole('table', { name: 'Windows' }).textContent).toContain('20.25');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export' })));
    expect(lab.exportWindows).toHaveBeenCalledWith(expect.objectContaining({ every: '1m', out: 'windows.csv' }));
    expect(screen.getByTestId('file-export-result').textContent).toContain('Wrote 2 rows');
  });
});

describe('SqlView', () => {
  it('runs the statement, renders only the visible rows of a long result, charts a numeric column, cancels', async () => {
    const result: SqlResult = { columns: [{ name: 'i', type: 'BIGINT' }, { name: 'label', type: 'VARCHAR' }], rows: Array.from({ length: 5000 }, (_, i) => [i, `row ${i}`]), truncated: false, elapsedMs: 3 };
    let finish: (r: SqlResult) => void = () => undefined;
    const lab = { sql: vi.fn(() => new Promise<SqlResult>((resolve) => (finish = resolve))), sqlCancel: vi.fn(async () => ({ cancelled: true })), exportSql: vi.fn() };
    wrap(lab as unknown as LabClient, <SqlView />);
    fireEvent.change(screen.getByLabelText('SQL statement'), { target: { value: 'SELECT * FROM range(5000)' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(lab.sql).toHaveBeenCalledWith({ sql: 'SELECT * FROM range(5000)' });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(lab.sqlCancel).toHaveBeenCalled();
    await act(async () => finish(result));
    const grid = screen.getByTestId('sql-grid');
    const shown = () => grid.querySelectorAll('tr[aria-rowindex]');
    expect(shown().length).toBeLessThan(60);
    expect(shown()[0]!.textContent).toBe('0row 0');
    grid.scrollTop = 22 * 4000;
    fireEvent.scroll(grid);
    expect(shown().length).toBeLessThan(60);
    expect([...shown()].some((r) => r.textContent === '4000row 4000')).toBe(true);
    expect(screen.getByTestId('sql-chart').dataset.points).toBe('5000');
  });

  it('shows the engine refusing a write as a one-line error', async () => {
    const lab = { sql: vi.fn(async () => Promise.reject(new Error('only read-only statements are allowed (got INSERT)'))) };
    wrap(lab as unknown as LabClient, <SqlView />);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Run' })));
    expect(screen.getByRole('alert').textContent).toContain('read-only');
  });
});
