import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { shadeRects, type CycleSpans } from './cycle-shading';
import { dragToZoom, mountPlot } from './plot-mount';
import { themeColor } from './theme';

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
  return {
    stroke: themeColor(el, '--accent', '#2563eb'),
    normal: themeColor(el, '--cycle-shade', 'rgba(37, 99, 235, 0.14)'),
    abnormal: themeColor(el, '--cycle-abnormal', 'rgba(220, 38, 38, 0.35)'),
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
    const opts: Omit<uPlot.Options, 'width' | 'height'> = {
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
        setSelect: [dragToZoom(() => zoomRef.current)],
      },
    };
    return mountPlot(el, plot, opts, [[], []], height);
  }, [height]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    u.setData([ts.map((t) => t / 1000), [...values]], false);
    u.setScale('x', { min: range.from / 1000, max: range.to / 1000 });
  }, [ts, values, range, spans]);

  return <div className="chart" ref={host} data-testid="cycle-signal" data-points={ts.length} />;
}
