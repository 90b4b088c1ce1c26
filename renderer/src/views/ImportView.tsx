import { useEffect, useRef } from 'react';
import { useLab } from '../api/context';
import { useImport } from '../stores/importer';
import { ImportMapping } from './ImportMapping';
import { ImportHistory, PreviewRows, QuarantineTable } from './ImportTables';

/** File → preview and mapping → import with progress and cancel → summary, quarantine, history. */
export function ImportView() {
  const lab = useLab();
  const s = useImport();
  const picker = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void useImport.getState().loadHistory(lab);
    return lab.on('importProgress', (p) => useImport.getState().setProgress(p));
  }, [lab]);

  const invalid = Object.keys(s.errors).length > 0;
  return (
    <section className="import" aria-label="Import">
      <div className="drop-zone" data-testid="drop-zone">
        Drop a CSV, Parquet, JSON-lines or Sensor Logger file anywhere on the window, or{' '}
        <button onClick={() => picker.current?.click()} disabled={s.step === 'running' || s.step === 'uploading'}>
          Choose file…
        </button>
        <input
          ref={picker}
          type="file"
          aria-label="File to import"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void s.upload(lab, file);
            e.target.value = '';
          }}
        />
      </div>
      {s.error && (
        <p className="field-error" role="alert">
          {s.error}
        </p>
      )}
      {s.step === 'uploading' && <p className="muted">Reading {s.file?.name ?? 'the file'}…</p>}
      {s.preview && (s.step === 'mapping' || s.step === 'running') && (
        <div className="import-preview">
          <p>
            <strong>{s.preview.name}</strong> · {s.preview.format}
            {s.preview.recognized ? ` (${s.preview.recognized})` : ''} · {s.preview.columns.length} columns
            {s.preview.dialect ? ` · delimiter "${s.preview.dialect.delimiter}"` : ''}
            {s.preview.target === 'table' ? ` → training table ${s.preview.table ?? ''}` : ''}
          </p>
          {s.preview.warnings.map((w) => (
            <p key={w} className="badge warn">
              {w}
            </p>
          ))}
          {s.form && <ImportMapping preview={s.preview} form={s.form} errors={s.errors} onChange={s.setForm} />}
          <PreviewRows preview={s.preview.preview} />
          {s.reimport && (
            <div className="confirm" role="alertdialog" aria-label="Import again?">
              <p>{s.reimport}</p>
              <button onClick={() => void s.run(lab, true)}>Import again</button> <button onClick={s.dismissReimport}>Keep the earlier import</button>
            </div>
          )}
          {s.step === 'mapping' && !s.reimport && (
            <button onClick={() => void s.run(lab)} disabled={invalid}>
              Import
            </button>
          )}
        </div>
      )}
      {s.step === 'running' && (
        <div className="import-progress">
          <progress aria-label="Import progress" max={100} value={s.progress?.percent ?? 0} /> {s.progress ? `${s.progress.phase} · ${s.progress.rows.toLocaleString()} rows · ${Math.round(s.progress.percent)}%` : 'starting…'}{' '}
          <button onClick={() => void s.cancel(lab)}>Cancel</button>
        </div>
      )}
      {s.step === 'done' && s.result && (
        <div className="import-result" data-testid="import-result">
          <p>
            <strong>{s.result.name}</strong>: <span data-testid="imported">{s.result.imported.toLocaleString()}</span> imported,{' '}
            {s.result.quarantined > 0 ? (
              <button className="link" onClick={() => void s.loadQuarantine(lab, s.result!.name)}>
                <span data-testid="quarantined">{s.result.quarantined.toLocaleString()}</span> quarantined
              </button>
            ) : (
              <>
                <span data-testid="quarantined">0</span> quarantined
              </>
            )}
            , {s.result.empty.toLocaleString()} empty cells skipped, in {s.result.seconds.toFixed(2)} s
          </p>
          {s.result.warnings.map((w) => (
            <p key={w} className="badge warn">
              {w}
            </p>
          ))}
          <button onClick={s.reset}>Import another file</button>
        </div>
      )}
      {s.quarantine && <QuarantineTable listing={s.quarantine} />}
      <h3>Import history</h3>
      <ImportHistory history={s.history} onQuarantine={(name) => void s.loadQuarantine(lab, name)} />
    </section>
  );
}
