import type { UploadedFile } from '../../core/api/files-contract';
import { importCommand } from '../shared/bridge';

/** The file types the importer reads (detection decides the rest). */
const FILTERS = [
  { name: 'Data files', extensions: ['csv', 'tsv', 'txt', 'gz', 'parquet', 'jsonl', 'ndjson', 'json', 'zip'] },
  { name: 'All files', extensions: ['*'] },
];

export interface ImportFilesDeps {
  showOpenDialog(options: { title: string; properties: ('openFile' | 'multiSelections')[]; filters: typeof FILTERS }): Promise<{ canceled: boolean; filePaths: string[] }>;
  stage(paths: readonly string[]): UploadedFile[];
  send(command: string): void;
  showError(title: string, message: string): void;
}

/**
 * File → Import File…: a native dialog (only main sees paths under the sandbox), the chosen
 * files staged in the workspace's inbox, and their references sent to the renderer, whose
 * Import view opens the preview. Returns the staged files (empty when cancelled or failed).
 */
export async function importFiles(deps: ImportFilesDeps): Promise<UploadedFile[]> {
  const choice = await deps.showOpenDialog({ title: 'Import file', properties: ['openFile', 'multiSelections'], filters: FILTERS });
  if (choice.canceled || choice.filePaths.length === 0) return [];
  try {
    const files = deps.stage(choice.filePaths);
    deps.send(importCommand(files));
    return files;
  } catch (e) {
    deps.showError('Cannot import', e instanceof Error ? e.message : String(e));
    return [];
  }
}
