import { useEffect, useState } from 'react';
import { useLab } from '../api/context';
import { TimeChart } from '../charts/TimeChart';
import { m4Points } from '../charts/m4-points';
import { useApp } from '../stores/app';
import { useExplore } from '../stores/explore';
import { ExportPanel } from './ExportPanel';
import { HotPanel } from './HotPanel';
import { StatsTable } from './StatsTable';

/** History of any machine × sensors: M4 per zoom, statistics, hot readings, export. */
export function ExploreView() {
  const lab = useLab();
  const info = useApp((s) => s.info);
  const fail = useApp((s) => s.fail);
  const { machine, sensors, range, setSelection, setExtent, reset, pan, setStats } = useExplore();

  useEffect(() => {
    if (!info || machine) return;
    const first = info.machines[0];
    if (first) setSelection(first, info.sensors.slice(0, 3).map((s) => s.name));
  }, [info, machine, setSelection]);

  useEffect(() => {
    if (!machine) return;
    lab.timeRange({ machine }).then((r) => setExtent(r.from === null || r.to === null ? null : { from: r.from, to: r.to + 1 }), fail);
  }, [lab, machine, setExtent, fail]);

  useEffect(() => {
    if (!machine || !range) return;
    const timer = setTimeout(() => {
      lab.stats({ machine, from: Math.max(0, range.from), to: range.to }).then(setStats, fail);
    }, 150);
    return () => clearTimeout(timer);
  }, [lab, machine, range, setStats, fail]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      if (e.key === 'ArrowLeft') pan(-0.2);
      if (e.key === 'ArrowRight') pan(0.2);
      if (e.key === 'Escape') reset();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pan, reset]);

  if (!info || info.machines.length === 0) return <p className="muted">The workspace is empty: start a simulation in Live first.</p>;
  return (
    <section className="explore" aria-label="Explore">
      <div className="explore-toolbar">
        <label>
          Machine
          <select aria-label="Machine" value={machine ?? ''} onChange={(e) => setSelection(e.target.value, sensors)}>
            {info.machines.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <fieldset className="sensor-picker">
          <legend>Sensors</legend>
          {info.sensors.map((s) => (
            <label key={s.name}>
              <input
                type="checkbox"
                checked={sensors.includes(s.name)}
                onChange={(e) => setSelection(machine!, e.target.checked ? [...sensors, s.name] : sensors.filter((x) => x !== s.name))}
              />
              {s.name}
            </label>
          ))}
        </fieldset>
        <RangeInputs />
        <button onClick={reset} title="Escape, or double-click a chart">
          Reset zoom
        </button>
        <span className="muted" data-testid="explore-range">
          {range ? `${new Date(range.from).toISOString()} → ${new Date(range.to).toISOString()}` : ''}
        </span>
      </div>
      {machine && range && sensors.map((s) => <HistoryChart key={s} machine={machine} sensor={s} />)}
      <StatsTable sensors={sensors} />
      <HotPanel />
      <ExportPanel />
    </section>
  );
}

/** ISO-8601 (UTC) text fields for the visible range; applied on Enter or blur. */
function RangeInputs() {
  const { range, zoom } = useExplore();
  const [draft, setDraft] = useState<{ from: string; to: string } | null>(null);
  const shown = draft ?? { from: range ? new Date(range.from).toISOString() : '', to: range ? new Date(range.to).toISOString() : '' };
  const from = Date.parse(shown.from);
  const to = Date.parse(shown.to);
  const error = !draft ? null : !Number.isFinite(from) || !Number.isFinite(to) ? 'use ISO-8601 times' : to <= from ? '“to” must be after “from”' : null;
  const apply = () => {
    if (!draft || error) return;
    zoom({ from, to });
    setDraft(null);
  };
  const field = (key: 'from' | 'to') => (
    <input
      aria-label={key === 'from' ? 'From' : 'To'}
      className="time-input"
      value={shown[key]}
      aria-invalid={error ? true : undefined}
      onChange={(e) => setDraft({ ...shown, [key]: e.target.value })}
      onBlur={apply}
      onKeyDown={(e) => e.key === 'Enter' && apply()}
    />
  );
  return (
    <label className={error ? 'invalid' : ''}>
      Range (UTC)
      <span className="range-inputs">
        {field('from')} → {field('to')}
      </span>
      {error && <span className="field-error" role="alert">{error}</span>}
    </label>
  );
}

function HistoryChart({ machine, sensor }: { machine: string; sensor: string }) {
  const lab = useLab();
  const fail = useApp((s) => s.fail);
  const { range, zoom, reset, scale } = useExplore();
  const [data, setData] = useState<{ ts: number[]; values: number[]; level: string }>({ ts: [], values: [], level: '' });
  const [width, setWidth] = useState(1000);

  useEffect(() => {
    if (!range) return;
    let stale = false;
    const buckets = Math.max(10, Math.min(4000, Math.round(width)));
    lab.m4({ machine, sensor, from: Math.max(0, range.from), to: range.to, buckets }).then((r) => {
      if (!stale) setData({ ...m4Points(r), level: r.level });
    }, fail);
    return () => {
      stale = true;
    };
  }, [lab, machine, sensor, range, width, fail]);

  return (
    <figure
      className="history-chart"
      ref={(el) => {
        if (el && Math.abs(el.clientWidth - width) > 20) setWidth(el.clientWidth);
      }}
      onDoubleClick={reset}
      onWheel={(e) => {
        if (!range) return;
        const box = e.currentTarget.getBoundingClientRect();
        const at = range.from + ((e.clientX - box.left) / box.width) * (range.to - range.from);
        scale(e.deltaY > 0 ? 1.25 : 0.8, at);
      }}
    >
      <figcaption>
        {machine} · {sensor} <span className="muted">({data.level} level, {data.ts.length} points)</span>
      </figcaption>
      <TimeChart title={`${machine} ${sensor}`} ts={data.ts} values={data.values} range={range ?? undefined} onZoom={(from, to) => zoom({ from, to })} syncKey="explore" height={200} testId="history-chart" />
    </figure>
  );
}
