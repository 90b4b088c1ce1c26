import { useState } from 'react';
import type { FileExportResult } from '../../../core/api/files-contract';
import { useApp } from '../stores/app';

/** A CSV file name → export into the workspace's exports folder. */
export function FileExport({ label, initial, run }: { label: string; initial: string; run(out: string): Promise<FileExportResult> }) {
  const [name, setName] = useState(initial);
  const [done, setDone] = useState<FileExportResult | null>(null);
  const fail = useApp((s) => s.fail);
  const invalid = !/^[\w.-]+\.csv$/.test(name);
  return (
    <form
      className="export"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) run(name).then(setDone, fail);
      }}
    >
      <label>
        {label} <input aria-label={`${label} file name`} value={name} aria-invalid={invalid || undefined} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="submit" disabled={invalid}>
        Export
      </button>
      {invalid && <span className="field-error">a plain file name ending in .csv</span>}
      {done && (
        <span data-testid="file-export-result">
          {' '}
          Wrote {done.rows.toLocaleString()} rows to {done.out}
          {!window.servolab && (
            <>
              {' '}
              (<a href={`/exports/${encodeURIComponent(done.name)}`}>download</a>)
            </>
          )}
        </span>
      )}
    </form>
  );
}
