import uPlot from 'uplot';

/** Charts are never narrower than this, even in a collapsed panel. */
const MIN_WIDTH = 200;

/**
 * Creates a uPlot in `el` as wide as `el` and keeps it so as `el` resizes; stores it in `plot` and
 * returns the effect cleanup that destroys it. Every chart component mounts through here.
 */
export function mountPlot(
  el: HTMLElement,
  plot: { current: uPlot | null },
  options: Omit<uPlot.Options, 'width' | 'height'>,
  data: uPlot.AlignedData,
  height: number,
): () => void {
  plot.current = new uPlot({ ...options, width: Math.max(MIN_WIDTH, el.clientWidth), height }, data, el);
  const resize = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(MIN_WIDTH, el.clientWidth), height }));
  resize.observe(el);
  return () => {
    resize.disconnect();
    plot.current?.destroy();
    plot.current = null;
  };
}

/** A setSelect hook: a horizontal drag reports its x range in epoch ms and clears the selection. */
export function dragToZoom(onZoom: () => ((from: number, to: number) => void) | undefined): (u: uPlot) => void {
  return (u) => {
    if (u.select.width < 2) return;
    const from = u.posToVal(u.select.left, 'x') * 1000;
    const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    onZoom()?.(from, to);
  };
}
