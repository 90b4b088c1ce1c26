import { useMemo, useState } from 'react';
import type { WindowAgg } from '../../../core/api/files-contract';
import { useLab } from '../api/context';
import { TimeChart } from '../charts/TimeChart';
import { windowsRequest, useAnalysis } from '../stores/analysis';
import { useApp } from '../stores/app';
import { ComparePanel } from './ComparePanel';
import { FileExport } from './FileExport';

// Listed here: core/analytics/windows.ts (which has them) imports the database driver.
const WINDOW_AGGS: readonly WindowAgg[] = ['avg', 'min', 'max', 'std', 'count'];

type Row = NonNullable<ReturnType<typeof useAnalysis.getState>['windows']>['rows'][number];

/** Tumbling or hopping windows: form → chart of one series' aggregate + table, CSV export. */
export function WindowsView() {
  const lab = useLab();
  const info = useApp((s) => s.info);
  const fail = useApp((s) => s.fail);
  const { windowsForm: form, windows, setWindowsForm, setWindows } = useAnalysis();
  const [busy, setBusy] = useState(false);
  const [chartAgg, setChartAgg] = useState<WindowAgg>('avg');
  const run = () => {
    setBusy(true);
    lab
      .windows(windowsRequest(form))
      .then(setWindows, fail)
      .finally(() => setBusy(false));
  };
  // The chart shows one series: the first machine × sensor of the result.
  const series = useMemo(() => {
    const rows = windows?.rows ?? [];
    const first = rows[0];
    if (!first) return null;
    const picked = rows.filter((r) => r.machine === first.machine && r.sensor === first.sensor && typeof r[chartAgg] === 'number');
    return { label: `${first.machine} · ${first.sensor} · ${chartAgg}`, ts: picked.map((r) => Date.parse(r.start)), values: picked.map((r) => r[chartAgg] as number) };
  }, [windows, chartAgg]);
  const toggle = (agg: WindowAgg, on: boolean) => setWindowsForm({ aggs: on ? [...form.aggs, agg] : form.aggs.filter((a) => a !== agg) });
  return (
    <section className="windows" aria-label="Windows">
      <form
        className="window-form"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <label>
          Every <input aria-label="Every" size={5} value={form.every} onChange={(e) => setWindowsForm({ every: e.target.value })} />
        </label>{' '}
        <label>
          Hop <input aria-label="Hop" size={5} placeholder="= every" value={form.hop} onChange={(e) => setWindowsForm({ hop: e.target.value })} />
        </label>{' '}
        {WINDOW_AGGS.map((a) => (
          <label key={a}>
            <input type="checkbox" aria-label={`Aggregate ${a}`} checked={form.aggs.includes(a)} onChange={(e) => toggle(a, e.target.checked)} /> {a}{' '}
          </label>
        ))}
        <label>
          Machine{' '}
          <select aria-label="Machine" value={form.machine} onChange={(e) => setWindowsForm({ machine: e.target.value })}>
            <option value="">all</option>
            {(info?.machines ?? []).map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>{' '}
        <label>
          Sensor{' '}
          <select aria-label="Sensor" value={form.sensor} onChange={(e) => setWindowsForm({ sensor: e.target.value })}>
            <option value="">all</option>
            {(info?.sensors ?? []).map((s) => (
              <option key={s.name}>{s.name}</option>
            ))}
          </select>
        </label>{' '}
        <label>
          From (UTC) <input type="datetime-local" step={1} aria-label="From" value={form.from} onChange={(e) => setWindowsForm({ from: e.target.value })} />
        </label>{' '}
        <label>
          To (UTC) <input type="datetime-local" step={1} aria-label="To" value={form.to} onChange={(e) => setWindowsForm({ to: e.target.value })} />
        </label>{' '}
        <button type="submit" disabled={busy || form.aggs.length === 0}>
          Aggregate
        </button>
      </form>
      {windows && (
        <>
          <p data-testid="windows-summary">
            {windows.rows.length.toLocaleString()} windows from the {windows.level} level
            {windows.truncated && <span className="badge warn"> truncated</span>}
          </p>
          {series && (
            <figure className="history-chart">
              <figcaption>
                {series.label}{' '}
                <select aria-label="Chart aggregate" value={chartAgg} onChange={(e) => setChartAgg(e.target.value as WindowAgg)}>
                  {windows.aggs.map((a) => (
                    <option key={a}>{a}</option>
                  ))}
                </select>
              </figcaption>
              <TimeChart title={series.label} ts={series.ts} values={series.values} testId="windows-chart" />
            </figure>
          )}
          <WindowTable rows={windows.rows} aggs={windows.aggs} />
          <FileExport label="Export windows" initial="windows.csv" run={(out) => lab.exportWindows({ ...windowsRequest(form), out })} />
        </>
      )}
      <ComparePanel />
    </section>
  );
}

const SHOWN = 1000;

function WindowTable({ rows, aggs }: { rows: Row[]; aggs: WindowAgg[] }) {
  return (
    <div className="table-scroll">
      <table aria-label="Windows">
        <thead>
          <tr>
            <th>Machine</th>
            <th>Sensor</th>
            <th>Start</th>
            <th>End</th>
            {aggs.map((a) => (
              <th key={a}>{a}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, SHOWN).map((r) => (
            <tr key={`${r.machine}|${r.sensor}|${r.start}`}>
              <td>{r.machine}</td>
              <td>{r.sensor}</td>
              <td>{r.start}</td>
              <td>{r.end}</td>
              {aggs.map((a) => (
                <td key={a}>{typeof r[a] === 'number' ? String(Number((r[a] as number).toPrecision(6))) : ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > SHOWN && <p className="muted">First {SHOWN.toLocaleString()} of {rows.length.toLocaleString()} windows shown; export for all.</p>}
    </div>
  );
}
