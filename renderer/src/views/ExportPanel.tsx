import { useState } from 'react';
import { useLab } from '../api/context';
import { useApp } from '../stores/app';
import { useExplore } from '../stores/explore';

/** Export the visible range (CSV/Parquet into the workspace's exports folder) or the charts as PNG. */
export function ExportPanel() {
  const lab = useLab();
  const fail = useApp((s) => s.fail);
  const { machine, range } = useExplore();
  const [format, setFormat] = useState<'csv' | 'parquet'>('csv');
  const [name, setName] = useState('export');
  const [done, setDone] = useState<{ rows: number; out: string; file: string } | null>(null);
  const invalid = !/^[\w.-]+$/.test(name);
  const file = `${name}.${format}`;
  return (
    <section className="export">
      <h3>Export</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (invalid || !machine || !range) return;
          lab
            .exportReadings({ format, out: file, machine, from: Math.max(0, range.from), to: range.to })
            .then((r) => setDone({ ...r, file }), fail);
        }}
      >
        <select aria-label="Format" value={format} onChange={(e) => setFormat(e.target.value as 'csv' | 'parquet')}>
          <option value="csv">CSV</option>
          <option value="parquet">Parquet</option>
        </select>
        <label className={invalid ? 'invalid' : ''}>
          name
          <input aria-label="Export name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={invalid || undefined} />
          {invalid && <span className="field-error" role="alert">letters, digits, . _ - only</span>}
        </label>
        <button type="submit">Export</button>
        <button type="button" onClick={() => saveChartsPng()}>
          Charts as PNG
        </button>
      </form>
      {done && (
        <p data-testid="export-result">
          Wrote {done.rows.toLocaleString()} readings to {done.out}
          {!window.servolab && (
            <>
              {' '}
              (<a href={`/exports/${encodeURIComponent(done.file)}`}>download</a>)
            </>
          )}
        </p>
      )}
    </section>
  );
}

function saveChartsPng(): void {
  const canvases = [...document.querySelectorAll<HTMLCanvasElement>('.history-chart canvas')];
  if (!canvases.length) return;
  const width = Math.max(...canvases.map((c) => c.width));
  const out = document.createElement('canvas');
  out.width = width;
  out.height = canvases.reduce((h, c) => h + c.height, 0);
  const ctx = out.getContext('2d')!;
  let y = 0;
  for (const c of canvases) {
    ctx.drawImage(c, 0, y);
    y += c.height;
  }
  const link = document.createElement('a');
  link.download = 'servolab-charts.png';
  link.href = out.toDataURL('image/png');
  link.click();
}
