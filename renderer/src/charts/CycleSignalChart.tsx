import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { shadeRects, type CycleSpans } from './cycle-shading';

export interface CycleSignalChartProps {
  /** x in epoch ms, y values; same length. */
  ts: readonly number[];
  values: readonly number[];
  spans: CycleSpans;
  range: { from: number; to: number };
  onZoom(from: number, to: number): void;
  height?: number;
}

/** Canvas fills cannot use CSS variables: the shading colours, resolved once per chart. */
function shadeColours(el: HTMLElement) {
  const style = getComputedStyle(el);
  return {
    stroke: style.getPropertyValue('--accent').trim() || '#2563eb',
    normal: style.getPropertyValue('--cycle-shade').trim() || 'rgba(37, 99, 235, 0.14)',
    abnormal: style.getPropertyValue('--cycle-abnormal').trim() || 'rgba(220, 38, 38, 0.35)',
  };
}

/**
 * The signal with its cycles shaded behind it (abnormal ones in the warning colour). The shading
 * is drawn in uPlot's drawClear hook from `shadeRects`, so a redraw costs one fill per colour
 * whatever the number of cycles.
 */
export function CycleSignalChart({ ts, values, spans, range, onZoom, height = 220 }: CycleSignalChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const spansRef = useRef(spans);
  spansRef.current = spans;
  const zoomRef = useRef(onZoom);
  zoomRef.current = onZoom;

  useEffect(() => {
    const el = host.current!;
    const colours = shadeColours(el);
    const fill = (u: uPlot, xs: number[], colour: string) => {
      if (xs.length === 0) return;
      const { ctx, bbox } = u;
      ctx.save();
      ctx.fillStyle = colour;
      ctx.beginPath();
      for (let i = 0; i < xs.length; i += 2) ctx.rect(bbox.left + xs[i]!, bbox.top, xs[i + 1]! - xs[i]!, bbox.height);
      ctx.fill();
      ctx.restore();
    };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      scales: { x: { time: true } },
      series: [{}, { label: 'signal', stroke: colours.stroke, width: 1.25, points: { show: false } }],
      cursor: { drag: { x: true, y: false } },
      legend: { show: false },
      hooks: {
        drawClear: [
          (u) => {
            const min = u.scales.x?.min;
            const max = u.scales.x?.max;
            if (min === undefined || max === undefined) return;
            // bbox is in canvas pixels (device-pixel scaled): minimum width of one CSS pixel.
            const rects = shadeRects(spansRef.current, min * 1000, max * 1000, u.bbox.width, devicePixelRatio);
            fill(u, rects.normal, colours.normal);
            fill(u, rects.abnormal, colours.abnormal);
          },
        ],
        setSelect: [
          (u) => {
            if (u.select.width < 2) return;
            const from = u.posToVal(u.select.left, 'x') * 1000;
            const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            zoomRef.current(from, to);
          },
        ],
      },
    };
    plot.current = new uPlot(opts, [[], []], el);
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [height]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    u.setData([ts.map((t) => t / 1000), [...values]], false);
    u.setScale('x', { min: range.from / 1000, max: range.to / 1000 });
  }, [ts, values, range, spans]);

  return <div className="chart" ref={host} data-testid="cycle-signal" data-points={ts.length} />;
}
