// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportPreview, ImportProgressEvent } from '../../../core/api/files-contract';
import type { LabClient } from '../api/client';
import { LabClientContext } from '../api/context';
import { LabCallError } from '../api/transport';
import { useImport } from '../stores/importer';
import { ImportView } from './ImportView';

const preview: ImportPreview = {
  file: 'u-0123456789abcdef',
  name: 'plant.csv',
  format: 'csv',
  target: 'readings',
  table: null,
  recognized: null,
  timeZone: 'UTC',
  dialect: { delimiter: ',', header: true, decimal: '.', encoding: 'utf-8', gzip: false, bom: false },
  columns: [
    { name: 'ts', type: 'VARCHAR' },
    { name: 'machine', type: 'VARCHAR' },
    { name: 'temp', type: 'DOUBLE' },
    { name: 'rpm', type: 'DOUBLE' },
  ],
  mapping: { timestamp: 'ts', timeFormat: 'iso', machine: { column: 'machine' }, values: { layout: 'wide', sensors: [{ column: 'temp', sensor: 'temp' }, { column: 'rpm', sensor: 'rpm' }] } },
  parts: ['plant.csv'],
  preview: { columns: ['ts', 'machine', 'temp', 'rpm'], rows: [['2024-01-01T00:00:00Z', 'M1', '20.5', '1500']] },
  warnings: [],
};
const result = { importId: 1, path: 'x', name: 'plant.csv', format: 'csv', layout: 'wide', target: 'readings', sha256: 'ab', rows: 10, imported: 16, quarantined: 2, empty: 0, machines: ['M1'], sensors: ['temp'], from: null, to: null, seconds: 0.25, warnings: [] };

function fakeClient() {
  let progress: ((p: ImportProgressEvent) => void) | undefined;
  const lab = {
    on: (event: string, fn: (p: ImportProgressEvent) => void) => {
      if (event === 'importProgress') progress = fn;
      return () => undefined;
    },
    upload: vi.fn(async (file: File) => ({ file: 'u-0123456789abcdef', name: file.name, bytes: file.size })),
    importPreview: vi.fn(async () => preview),
    importRun: vi.fn(),
    importCancel: vi.fn(async () => ({ cancelled: true })),
    importHistory: vi.fn(async () => []),
    quarantine: vi.fn(async () => ({ total: 2, sources: [{ source: 'file:plant.csv', rows: 2 }], rows: [{ id: 1, receivedAt: 'now', source: 'file:plant.csv', location: 'plant.csv:3', raw: 'bad,row', reason: 'unparseable timestamp "bad"' }] })),
  };
  return { lab, client: lab as unknown as LabClient, emit: (p: ImportProgressEvent) => act(() => progress?.(p)) };
}

const view = (client: LabClient) =>
  render(
    <LabClientContext.Provider value={client}>
      <ImportView />
    </LabClientContext.Provider>,
  );

afterEach(() => {
  cleanup();
  useImport.getState().reset();
});

describe('ImportView', () => {
  it('uploads a picked file, validates the mapping inline, imports with progress, lists quarantined rows', async () => {
    const { lab, client, emit } = fakeClient();
    let finish: (v: typeof result) => void = () => undefined;
    lab.importRun.mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    view(client);
    fireEvent.change(screen.getByLabelText('File to import'), { target: { files: [new File(['ts,machine\n'], 'plant.csv')] } });
    expect(await screen.findByText('plant.csv')).toBeTruthy();
    expect(lab.importPreview).toHaveBeenCalledWith({ file: 'u-0123456789abcdef' });
    expect(screen.getByRole('table', { name: 'Preview rows' }).textContent).toContain('1500');

    // Inline validation: a bad time format and no sensor column disable Import.
    fireEvent.change(screen.getByLabelText('Time format'), { target: { value: 'whenever' } });
    expect(screen.getByText(/strptime pattern/)).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Sensor temp'));
    fireEvent.click(screen.getByLabelText('Sensor rpm'));
    expect(screen.getByText('choose at least one sensor column')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Import' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Time format'), { target: { value: 'iso' } });
    fireEvent.click(screen.getByLabelText('Sensor temp'));
    fireEvent.change(screen.getByLabelText('Unit of temp'), { target: { value: '°C' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(lab.importRun).toHaveBeenCalledWith({ file: 'u-0123456789abcdef', options: { timestamp: 'ts', timeFormat: 'iso', machine: 'machine', sensors: ['temp'], units: { temp: '°C' } }, again: false });

    emit({ file: 'u-0123456789abcdef', name: 'plant.csv', phase: 'reading', rows: 5, bytes: 50, totalBytes: 100, percent: 50 });
    expect((screen.getByLabelText('Import progress') as HTMLProgressElement).value).toBe(50);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(lab.importCancel).toHaveBeenCalled();
    await act(async () => finish(result));
    expect(screen.getByTestId('imported').textContent).toBe('16');
    fireEvent.click(screen.getByRole('button', { name: /2 quarantined/ }));
    expect(await screen.findByText('unparseable timestamp "bad"')).toBeTruthy();
    expect(lab.quarantine).toHaveBeenCalledWith({ source: 'plant.csv', limit: 500 });
  });

  it('asks before importing the same content again and re-runs with again=true', async () => {
    const { lab, client } = fakeClient();
    lab.importRun.mockRejectedValueOnce(new LabCallError({ code: 'invalid_input', message: 'plant.csv was already imported (import #1)', detail: { reimport: { id: 1 } } })).mockResolvedValueOnce(result);
    view(client);
    await act(() => useImport.getState().open(client, { file: 'u-0123456789abcdef', name: 'plant.csv', bytes: 10 }));
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByRole('alertdialog')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Import again' }));
    await waitFor(() => expect(screen.getByTestId('imported').textContent).toBe('16'));
    expect(lab.importRun).toHaveBeenLastCalledWith(expect.objectContaining({ again: true }));
  });

  it('shows an upload refusal as a one-line error', async () => {
    const { lab, client } = fakeClient();
    lab.upload.mockRejectedValueOnce(new Error('upload of big.csv refused: upload is larger than the limit'));
    view(client);
    fireEvent.change(screen.getByLabelText('File to import'), { target: { files: [new File(['x'], 'big.csv')] } });
    expect((await screen.findByRole('alert')).textContent).toContain('larger than the limit');
  });
});
