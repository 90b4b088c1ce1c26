import { useState } from 'react';
import type { SeriesComparison } from '../../../core/analytics/compare';
import { useLab } from '../api/context';
import { useAnalysis } from '../stores/analysis';
import { useApp } from '../stores/app';

const STATS = ['count', 'mean', 'std', 'min', 'max', 'p50', 'p95'] as const;
const utc = (text: string) => (text ? Date.parse(text.endsWith('Z') ? text : `${text}Z`) : NaN);
const num = (v: number | null | undefined) => (typeof v === 'number' ? String(Number(v.toPrecision(6))) : '');

/** Two periods side by side (machine/sensor from the windows form): stats of each and b − a. */
export function ComparePanel() {
  const lab = useLab();
  const fail = useApp((s) => s.fail);
  const { machine, sensor } = useAnalysis((s) => s.windowsForm);
  const [range, setRange] = useState({ aFrom: '', aTo: '', bFrom: '', bTo: '' });
  const [rows, setRows] = useState<SeriesComparison[] | null>(null);
  const times = { aFrom: utc(range.aFrom), aTo: utc(range.aTo), bFrom: utc(range.bFrom), bTo: utc(range.bTo) };
  // Inline validation: both periods complete and ordered before the request can go.
  const problem = Object.values(times).some((t) => !Number.isFinite(t))
    ? 'give both periods a start and an end'
    : times.aTo <= times.aFrom || times.bTo <= times.bFrom
      ? 'each period must end after it starts'
      : null;
  const run = () =>
    lab
      .compare({ a: { from: times.aFrom, to: times.aTo }, b: { from: times.bFrom, to: times.bTo }, ...(machine ? { machine } : {}), ...(sensor ? { sensor } : {}) })
      .then(setRows, fail);
  const field = (key: keyof typeof range, label: string) => (
    <label>
      {label} <input type="datetime-local" step={1} aria-label={label} value={range[key]} onChange={(e) => setRange({ ...range, [key]: e.target.value })} />{' '}
    </label>
  );
  return (
    <section className="compare" aria-label="Compare periods">
      <h3>Compare two periods</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        {field('aFrom', 'A from')}
        {field('aTo', 'A to')}
        {field('bFrom', 'B from')}
        {field('bTo', 'B to')}
        <button type="submit" disabled={problem !== null}>
          Compare
        </button>{' '}
        {problem && <span className="muted">{problem}</span>}
      </form>
      {rows && (
        <div className="table-scroll">
          <table aria-label="Comparison">
            <thead>
              <tr>
                <th>Machine</th>
                <th>Sensor</th>
                <th>Period</th>
                {STATS.map((s) => (
                  <th key={s}>{s}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.flatMap((r) =>
                (['a', 'b', 'diff'] as const).map((side) => (
                  <tr key={`${r.machine}|${r.sensor}|${side}`}>
                    <td>{r.machine}</td>
                    <td>{r.sensor}</td>
                    <td>{side === 'diff' ? 'B − A' : side.toUpperCase()}</td>
                    {STATS.map((s) => (
                      <td key={s}>{num(r[side]?.[s])}</td>
                    ))}
                  </tr>
                )),
              )}
            </tbody>
          </table>
          {rows.length === 0 && <p className="muted">No readings in either period.</p>}
        </div>
      )}
    </section>
  );
}
