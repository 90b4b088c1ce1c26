import type { ImportPreview, ImportRecord, QuarantineListing } from '../../../core/api/files-contract';

/** The first rows of the file as detection read them. */
export function PreviewRows({ preview }: { preview: ImportPreview['preview'] }) {
  return (
    <div className="table-scroll">
      <table className="preview-rows" aria-label="Preview rows">
        <thead>
          <tr>
            {preview.columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell ?? <span className="muted">null</span>}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function QuarantineTable({ listing }: { listing: QuarantineListing }) {
  return (
    <div className="table-scroll">
      <p>
        {listing.total.toLocaleString()} quarantined rows{listing.rows.length < listing.total ? ` (first ${listing.rows.length.toLocaleString()} shown)` : ''}
      </p>
      <table aria-label="Quarantined rows">
        <thead>
          <tr>
            <th>Source</th>
            <th>Location</th>
            <th>Reason</th>
            <th>Raw</th>
          </tr>
        </thead>
        <tbody>
          {listing.rows.map((r) => (
            <tr key={r.id}>
              <td>{r.source}</td>
              <td>{r.location ?? ''}</td>
              <td>{r.reason}</td>
              <td>
                <code>{r.raw.slice(0, 200)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImportHistory({ history, onQuarantine }: { history: ImportRecord[]; onQuarantine(name: string): void }) {
  if (history.length === 0) return <p className="muted">No files imported yet.</p>;
  return (
    <div className="table-scroll">
      <table aria-label="Import history">
        <thead>
          <tr>
            <th>#</th>
            <th>File</th>
            <th>Format</th>
            <th>Imported</th>
            <th>Quarantined</th>
            <th>From</th>
            <th>To</th>
            <th>Finished</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.id}>
              <td>{h.id}</td>
              <td>{h.name}</td>
              <td>
                {h.format} · {h.layout}
              </td>
              <td>{h.imported.toLocaleString()}</td>
              <td>{h.quarantined > 0 ? <button className="link" onClick={() => onQuarantine(h.name)}>{h.quarantined.toLocaleString()}</button> : 0}</td>
              <td>{h.firstTime ?? ''}</td>
              <td>{h.lastTime ?? ''}</td>
              <td>{h.finishedAt}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
