import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseImportCommand } from '../shared/bridge';
import { importFiles } from './import-files';
import { LabHost } from './lab-host';

vi.mock('electron', () => ({}));

const root = mkdtempSync(join(tmpdir(), 'servolab-import-menu-'));
const csv = join(root, 'plant data.csv');
const host = new LabHost('lab:event');
const target = { id: 1, isDestroyed: () => false, send: vi.fn(), once: vi.fn() };

beforeAll(async () => {
  writeFileSync(csv, 'ts,machine,temp\n2024-01-01T00:00:00Z,M1,20.5\n');
  await host.open(join(root, 'w.duckdb'));
});
afterAll(() => host.close());

describe('File → Import File…', () => {
  it('stages the chosen paths in the inbox and sends only their references, which importPreview accepts', async () => {
    const send = vi.fn();
    const showOpenDialog = vi.fn(async () => ({ canceled: false, filePaths: [csv] }));
    const files = await importFiles({ showOpenDialog, stage: (p) => host.stage(p), send, showError: vi.fn() });
    expect(showOpenDialog).toHaveBeenCalledWith(expect.objectContaining({ properties: ['openFile', 'multiSelections'] }));
    expect(files).toEqual([{ file: expect.stringMatching(/^p-[0-9a-f]{16}$/), name: 'plant data.csv', bytes: statSync(csv).size }]);
    const command = send.mock.calls[0]![0] as string;
    expect(command).not.toContain(root);
    expect(parseImportCommand(command)).toEqual(files);
    // The renderer's importPreview with that reference reads the staged file.
    const preview = await host.call(target, 'importPreview', { file: files[0]!.file });
    expect(preview.ok && (preview.value as { columns: { name: string }[] }).columns.map((c) => c.name)).toEqual(['ts', 'machine', 'temp']);
  });

  it('does nothing when the dialog is cancelled, and shows a staging failure', async () => {
    const send = vi.fn();
    const showError = vi.fn();
    expect(await importFiles({ showOpenDialog: async () => ({ canceled: true, filePaths: [] }), stage: (p) => host.stage(p), send, showError })).toEqual([]);
    expect(await importFiles({ showOpenDialog: async () => ({ canceled: false, filePaths: [join(root, 'gone.csv')] }), stage: (p) => host.stage(p), send, showError })).toEqual([]);
    expect(send).not.toHaveBeenCalled();
    expect(showError).toHaveBeenCalledWith('Cannot import', expect.stringContaining('no such file'));
  });

  it('ignores other and malformed commands', () => {
    expect(parseImportCommand('export')).toBeNull();
    expect(parseImportCommand('import:{nope')).toBeNull();
  });
});
