import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { dragToZoom, mountPlot } from './plot-mount';
import { accent } from './theme';

export interface TimeChartProps {
  title: string;
  /** x in epoch ms, y values; same length. */
  ts: readonly number[];
  values: readonly number[];
  height?: number;
  /** Fixed x range in epoch ms (live window); otherwise fitted to the data. */
  range?: { from: number; to: number };
  /** Called with the new x range (epoch ms) when the user zooms by dragging. */
  onZoom?: (from: number, to: number) => void;
  /** Cursor sync group: charts with the same key share the cursor. */
  syncKey?: string;
  testId?: string;
}

const toSeconds = (ms: readonly number[]) => ms.map((t) => t / 1000);

/** A thin React wrapper around one uPlot instance; data updates never recreate the chart. */
export function TimeChart({ title, ts, values, height = 160, range, onZoom, syncKey, testId }: TimeChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const zoomHandler = useRef(onZoom);
  zoomHandler.current = onZoom;

  useEffect(() => {
    const el = host.current!;
    // Canvas strokes cannot use CSS variables: resolve the theme's accent colour once.
    const stroke = accent(el);
    const opts: Omit<uPlot.Options, 'width' | 'height'> = {
      title,
      scales: { x: { time: true } },
      series: [{}, { label: title, stroke, width: 1.25, points: { show: false } }],
      cursor: { drag: { x: true, y: false }, ...(syncKey ? { sync: { key: syncKey } } : {}) },
      legend: { show: false },
      hooks: {
        setSelect: [dragToZoom(() => zoomHandler.current)],
      },
    };
    return mountPlot(el, plot, opts, [[], []], height);
  }, [title, height, syncKey]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    u.setData([toSeconds(ts), [...values]], !range);
    if (range) u.setScale('x', { min: range.from / 1000, max: range.to / 1000 });
  }, [ts, values, range]);

  return <div className="chart" ref={host} data-testid={testId} data-points={ts.length} />;
}
