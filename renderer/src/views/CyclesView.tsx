import { useEffect, useMemo, useState } from 'react';
import { useLab } from '../api/context';
import { CycleSignalChart } from '../charts/CycleSignalChart';
import { toSpans } from '../charts/cycle-shading';
import { m4Points } from '../charts/m4-points';
import { useApp } from '../stores/app';
import { useCycles } from '../stores/cycles';
import type { Range } from '../stores/explore';
import { CycleCharts } from './CycleCharts';
import { CycleParams } from './CycleParams';
import { CycleTable } from './CycleTable';
import { LiveCycles } from './LiveCycles';

/** Share of a cycle's duration shown on each side when a table row zooms to it. */
const ZOOM_MARGIN = 0.25;

/** Load cycles of one machine × sensor: parameters, shaded signal, table, charts, live cycles. */
export function CyclesView() {
  const info = useApp((s) => s.info);
  const { form, result, abnormal, view, setForm, setView } = useCycles();

  useEffect(() => {
    if (!info) return;
    const patch: { machine?: string; sensor?: string } = {};
    if (!form.machine && info.machines[0]) patch.machine = info.machines[0];
    // Cycles are load cycles of a drive: prefer its supply voltage when the workspace has one.
    if (!form.sensor && info.sensors[0]) patch.sensor = (info.sensors.find((s) => s.name === 'voltage') ?? info.sensors[0]).name;
    if (patch.machine || patch.sensor) setForm(patch);
  }, [info, form.machine, form.sensor, setForm]);

  const spans = useMemo(() => toSpans(result?.cycles ?? [], abnormal), [result, abnormal]);
  const full = useMemo<Range | null>(() => {
    const cycles = result?.cycles;
    if (!cycles?.length) return null;
    const from = cycles[0]!.start;
    const to = cycles[cycles.length - 1]!.end;
    const pad = Math.max(1000, (to - from) * 0.01);
    return { from: Math.max(0, from - pad), to: to + pad };
  }, [result]);

  if (!info || info.machines.length === 0) return <p className="muted">The workspace is empty: start a simulation in Live (motor or press) first.</p>;
  const range = view ?? full;
  const pick = (i: number) => {
    const c = result!.cycles[i]!;
    const margin = Math.max(500, (c.end - c.start) * ZOOM_MARGIN);
    setView({ from: Math.max(0, c.start - margin), to: c.end + margin });
  };
  return (
    <section className="cycles" aria-label="Cycles">
      <CycleParams info={info} />
      {result && (
        <>
          <p className="cycle-summary" data-testid="cycle-summary">
            <strong>{result.total.toLocaleString()}</strong> cycles on {result.machine} · {result.sensor} ({result.detector}) from {result.readings.toLocaleString()} readings ·{' '}
            <span className="abnormal-count" data-testid="abnormal-count">
              {result.summary.abnormal.length.toLocaleString()} abnormal
            </span>{' '}
            (|robust z| &gt; {result.summary.zLimit})
            {result.total > result.cycles.length && <span className="badge warn"> showing the first {result.cycles.length.toLocaleString()}</span>}
          </p>
          {range && (
            <figure className="history-chart" onDoubleClick={() => setView(null)}>
              <figcaption>
                Signal with cycles shaded, abnormal in red <span className="muted">(drag to zoom, double-click to reset)</span>
              </figcaption>
              <SignalPanel machine={result.machine} sensor={result.sensor} range={range} spans={spans} onZoom={(from, to) => setView({ from, to })} />
            </figure>
          )}
          <CycleTable cycles={result.cycles} onPick={pick} />
          <CycleCharts result={result} />
        </>
      )}
      <LiveCycles />
    </section>
  );
}

function SignalPanel({ machine, sensor, range, spans, onZoom }: { machine: string; sensor: string; range: Range; spans: ReturnType<typeof toSpans>; onZoom(from: number, to: number): void }) {
  const lab = useLab();
  const fail = useApp((s) => s.fail);
  const [data, setData] = useState<{ ts: number[]; values: number[] }>({ ts: [], values: [] });
  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      lab.m4({ machine, sensor, from: range.from, to: range.to, buckets: 1500 }).then((r) => !stale && setData(m4Points(r)), fail);
    }, 50);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [lab, machine, sensor, range, fail]);
  return <CycleSignalChart ts={data.ts} values={data.values} spans={spans} range={range} onZoom={(from, to) => to - from >= 10 && onZoom(from, to)} />;
}
