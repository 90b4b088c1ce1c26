import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { mountPlot } from './plot-mount';

export interface PlotChartProps {
  /** Builds the chart's options (without size) from the host element (theme colours) and uPlot's path builders. */
  options(el: HTMLElement, paths: typeof uPlot.paths): Omit<uPlot.Options, 'width' | 'height'>;
  /** Changes of this key rebuild the chart (series count or kind changed); data alone does not. */
  shape: string;
  data: uPlot.AlignedData;
  height?: number;
  testId: string;
  /** How many things the chart shows, for tests and the status line. */
  items: number;
}

/** A small uPlot wrapper for the Cycles view's secondary charts (histogram, overlay, trend). */
export function PlotChart({ options, shape, data, height = 180, testId, items }: PlotChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    const el = host.current!;
    return mountPlot(el, plot, optionsRef.current(el, uPlot.paths), dataRef.current, height);
  }, [shape, height]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div className="chart" ref={host} data-testid={testId} data-items={items} />;
}
