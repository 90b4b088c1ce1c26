import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * The chart-redraw benchmark behind `servolab bench --case ui`: 20 uPlot charts of 10,000 points
 * each, redrawn with fresh data, against the same polylines stroked on plain canvases.
 */
const SERIES = 20;
const POINTS = 10_000;
const WIDTH = 600;
const HEIGHT = 150;

function seriesData(phase: number): [number[], number[]] {
  const xs = new Array<number>(POINTS);
  const ys = new Array<number>(POINTS);
  for (let i = 0; i < POINTS; i++) {
    xs[i] = 1_767_225_600 + i * 0.1;
    ys[i] = Math.sin(i / 50 + phase) * 10 + Math.sin(i * 1.7) * 2;
  }
  return [xs, ys];
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
const nextFrame = () => new Promise<void>((resolve) => queueMicrotask(resolve));

async function run(rounds = 15): Promise<{ uplotMs: number; canvasMs: number; series: number; points: number }> {
  const host = document.getElementById('charts')!;
  const charts: uPlot[] = [];
  const datasets = [0, 1].map((k) => Array.from({ length: SERIES }, (_, s) => seriesData(s + k)));
  for (let s = 0; s < SERIES; s++) {
    charts.push(new uPlot({ width: WIDTH, height: HEIGHT, scales: { x: { time: true } }, series: [{}, { stroke: '#2563eb' }], legend: { show: false } }, datasets[0]![s]!, host));
  }
  const uplotTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const data = datasets[r % 2]!;
    const t = performance.now();
    charts.forEach((c, s) => c.setData(data[s]!));
    await nextFrame(); // uPlot commits its redraw in a microtask
    uplotTimes.push(performance.now() - t);
  }
  const canvases = Array.from({ length: SERIES }, () => {
    const c = document.createElement('canvas');
    c.width = WIDTH;
    c.height = HEIGHT;
    host.appendChild(c);
    return c.getContext('2d')!;
  });
  const canvasTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const data = datasets[r % 2]!;
    const t = performance.now();
    canvases.forEach((ctx, s) => {
      const [xs, ys] = data[s]!;
      ctx.clearRect(0, 0, WIDTH, HEIGHT);
      ctx.beginPath();
      const x0 = xs[0]!;
      const dx = WIDTH / (xs[POINTS - 1]! - x0);
      for (let i = 0; i < POINTS; i++) ctx.lineTo((xs[i]! - x0) * dx, HEIGHT / 2 - ys[i]! * 5);
      ctx.stroke();
    });
    canvasTimes.push(performance.now() - t);
  }
  return { uplotMs: median(uplotTimes), canvasMs: median(canvasTimes), series: SERIES, points: POINTS };
}

(window as unknown as { runRedrawBench: typeof run }).runRedrawBench = run;
document.title = 'ready';
