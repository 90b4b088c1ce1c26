// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SeriesComparison } from '../../../core/analytics/compare';
import type { LabClient } from '../api/client';
import { LabClientContext } from '../api/context';
import { useAnalysis } from '../stores/analysis';
import { ComparePanel } from './ComparePanel';

afterEach(cleanup);

const stats = (mean: number) => ({ count: 60, mean, std: 1, min: mean - 2, max: mean + 2, p50: mean, p95: mean + 1.5, p99: mean + 1.9, firstTime: '', lastTime: '' });

describe('ComparePanel', () => {
  it('validates both periods inline, sends them with the windows form’s filter and tables A, B and B − A', async () => {
    const rows: SeriesComparison[] = [
      { machine: 'M1', sensor: 'temp', unit: '°C', a: stats(20), b: stats(23), diff: { count: 0, mean: 3, meanPercent: 15, std: 0, min: 3, max: 3, p50: 3, p95: 3 } },
    ];
    const lab = { compare: vi.fn(async () => rows) };
    useAnalysis.getState().setWindowsForm({ machine: 'M1', sensor: '' });
    render(
      <LabClientContext.Provider value={lab as unknown as LabClient}>
        <ComparePanel />
      </LabClientContext.Provider>,
    );
    const button = screen.getByRole('button', { name: 'Compare' });
    expect(button).toHaveProperty('disabled', true);
    expect(screen.getByText('give both periods a start and an end')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('A from'), { target: { value: '2024-01-01T00:00:00' } });
    fireEvent.change(screen.getByLabelText('A to'), { target: { value: '2024-01-01T01:00:00' } });
    fireEvent.change(screen.getByLabelText('B from'), { target: { value: '2024-01-02T00:00:00' } });
    fireEvent.change(screen.getByLabelText('B to'), { target: { value: '2024-01-01T23:00:00' } });
    expect(screen.getByText('each period must end after it starts')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('B to'), { target: { value: '2024-01-02T01:00:00' } });
    await act(async () => fireEvent.click(button));
    const hour = 3_600_000;
    const day = Date.UTC(2024, 0, 1);
    expect(lab.compare).toHaveBeenCalledWith({ a: { from: day, to: day + hour }, b: { from: day + 24 * hour, to: day + 25 * hour }, machine: 'M1' });
    const body = screen.getByRole('table', { name: 'Comparison' }).querySelectorAll('tbody tr');
    expect([...body].map((r) => [...r.querySelectorAll('td')].slice(2, 4).map((c) => c.textContent))).toEqual([
      ['A', '60'],
      ['B', '60'],
      ['B − A', '0'],
    ]);
    expect(body[2]!.querySelectorAll('td')[4]!.textContent).toBe('3');
  });
});
