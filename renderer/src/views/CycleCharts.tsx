import { useEffect, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import type { CyclesDetectResponse } from '../../../core/api/contract';
import { useLab } from '../api/context';
import { PlotChart } from '../charts/PlotChart';
import { accent } from '../charts/theme';
import { alignOverlay, pickOverlay, trendLine, type CycleTrace } from '../charts/cycle-overlay';
import { histogram } from '../charts/histogram';
import { m4Points } from '../charts/m4-points';
import { useApp } from '../stores/app';

/** Cycles overlaid at most: one M4 query each, so the cost stays bounded however many there are. */
export const OVERLAY_CAP = 30;
const OVERLAY_BUCKETS = 150;

const DOTS = { show: true, size: 4 } as const;

/** Histogram of durations, overlay of cycles aligned at their start, trend of duration and peak. */
export function CycleCharts({ result }: { result: CyclesDetectResponse }) {
  return (
    <div className="cycle-charts">
      <DurationHistogram result={result} />
      <CycleOverlay result={result} />
      <MetricTrend result={result} />
    </div>
  );
}

function DurationHistogram({ result }: { result: CyclesDetectResponse }) {
  const h = useMemo(() => histogram(result.cycles.map((c) => c.duration_s)), [result]);
  const data: uPlot.AlignedData = [h.counts.map((_, i) => (h.edges[i]! + h.edges[i + 1]!) / 2), h.counts];
  return (
    <figure>
      <figcaption>Durations (s) · {result.cycles.length.toLocaleString()} cycles</figcaption>
      <PlotChart
        testId="cycle-histogram"
        items={h.counts.length}
        shape="histogram"
        data={data}
        options={(el, paths) => ({
          // Counts are read against zero: an axis starting at the smallest bar would exaggerate.
          scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.05)] } },
          legend: { show: false },
          series: [{}, { label: 'cycles', fill: accent(el), stroke: accent(el), paths: paths.bars!({ size: [0.9, Infinity] }), points: { show: false } }],
        })}
      />
    </figure>
  );
}

function CycleOverlay({ result }: { result: CyclesDetectResponse }) {
  const lab = useLab();
  const fail = useApp((s) => s.fail);
  const picked = useMemo(() => pickOverlay(result.cycles.length, OVERLAY_CAP), [result]);
  const [traces, setTraces] = useState<CycleTrace[]>([]);

  useEffect(() => {
    let stale = false;
    const { machine, sensor } = result;
    Promise.all(
      picked.map(async (i) => {
        const c = result.cycles[i]!;
        const points = m4Points(await lab.m4({ machine, sensor, from: c.start, to: c.end + 1, buckets: OVERLAY_BUCKETS }));
        return { start: c.start, ...points };
      }),
    ).then((t) => !stale && setTraces(t), fail);
    return () => {
      stale = true;
    };
  }, [lab, result, picked, fail]);

  const overlay = useMemo(() => alignOverlay(traces), [traces]);
  const data: uPlot.AlignedData = [overlay.offsets, ...overlay.series];
  const capped = result.cycles.length > OVERLAY_CAP;
  return (
    <figure>
      <figcaption>
        Overlay at cycle start (s) ·{' '}
        <span data-testid="overlay-note">
          {capped ? `${picked.length} of ${result.cycles.length.toLocaleString()} cycles, evenly spaced` : `all ${picked.length} cycles`}
        </span>
      </figcaption>
      <PlotChart
        testId="cycle-overlay"
        items={overlay.series.length}
        shape={`overlay-${overlay.series.length}`}
        data={data}
        options={(el) => ({
          scales: { x: { time: false } },
          legend: { show: false },
          series: [{}, ...overlay.series.map(() => ({ stroke: accent(el), alpha: 0.35, width: 1, points: { show: false } }))],
        })}
      />
    </figure>
  );
}

function MetricTrend({ result }: { result: CyclesDetectResponse }) {
  const { cycles, summary } = result;
  const data = useMemo<uPlot.AlignedData>(() => {
    const ts = cycles.map((c) => c.reference_time);
    const durations = cycles.map((c) => c.duration_s);
    const peaks = cycles.map((c) => c.max_point);
    const line = (ys: number[], perHour: number | undefined) => {
      const ends = perHour === undefined ? null : trendLine(ts, ys, perHour);
      return ts.map((_, i) => (ends && i === 0 ? ends[0] : ends && i === ts.length - 1 ? ends[1] : null));
    };
    return [ts.map((t) => t / 1000), durations, line(durations, summary.trends.duration_s?.perHour), peaks, line(peaks, summary.trends.max_point?.perHour)];
  }, [cycles, summary]);
  const t = summary.trends;
  // The peak is in the sensor's own unit, which the response does not carry: "per hour" alone.
  const rate = (x: number | undefined, unit: string) => (x === undefined ? 'n/a' : `${x >= 0 ? '+' : ''}${x.toPrecision(3)} ${unit ? `${unit}/h` : 'per h'}`);
  return (
    <figure>
      <figcaption>
        Trend · duration <span data-testid="trend-duration">{rate(t.duration_s?.perHour, 's')}</span> · peak {rate(t.max_point?.perHour, '')}
      </figcaption>
      <PlotChart
        testId="cycle-trend"
        items={cycles.length}
        shape="trend"
        data={data}
        options={(el) => {
          const a = accent(el);
          const b = accent(el, '--warn', '#d97706');
          return {
            scales: { x: { time: true }, dur: {}, peak: {} },
            legend: { show: false },
            axes: [{}, { scale: 'dur', stroke: a }, { scale: 'peak', side: 1, stroke: b, grid: { show: false } }],
            series: [
              {},
              { label: 'duration s', scale: 'dur', stroke: a, paths: () => null, points: { ...DOTS, fill: a } },
              { label: 'duration trend', scale: 'dur', stroke: a, width: 2, spanGaps: true, points: { show: false } },
              { label: 'peak', scale: 'peak', stroke: b, paths: () => null, points: { ...DOTS, fill: b } },
              { label: 'peak trend', scale: 'peak', stroke: b, width: 2, spanGaps: true, points: { show: false } },
            ],
          };
        }}
      />
    </figure>
  );
}
