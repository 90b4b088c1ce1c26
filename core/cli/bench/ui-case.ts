import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { round, type BenchCase, type BenchResult } from './harness';

const FIRST_POINT_TARGET_MS = 1500;
const REDRAW_TARGET_MS = 16;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Prints the JSON document `servolab serve --json` (or the reference server) writes, then resolves. */
function firstJson(child: ChildProcess): Promise<{ url: string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      try {
        resolve(JSON.parse(out) as { url: string });
      } catch {
        // not complete yet
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with code ${code}`)));
  });
}

/**
 * `ui`, measured in Chromium (Debian's, as the end-to-end suite): (1) from spawning
 * `servolab serve` to the first live point drawn after Start, against spawning a bare Node HTTP
 * server and loading a page from it; (2) redrawing 20 uPlot charts of 10,000 points, against
 * stroking the same polylines on plain canvases.
 */
export const uiCase: BenchCase = {
  name: 'ui',
  description: 'serve start → first live point drawn; 20 × 10,000-point chart redraw (Chromium)',
  async run(ctx) {
    const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    const cli = process.argv[1] ?? '';
    if (!existsSync(chromium)) throw new Error(`ui bench needs Chromium at ${chromium} (set CHROMIUM_PATH)`);
    const { chromium: launcher } = await import('playwright-core');
    const browser = await launcher.launch({ executablePath: chromium, args: CHROMIUM_ARGS });
    const kill: ChildProcess[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

      const refStart = performance.now();
      const ref = spawn(process.execPath, ['-e', `const s=require('http').createServer((q,r)=>r.end('<p id=ok>ok</p>')).listen(0,'127.0.0.1',()=>console.log(JSON.stringify({url:'http://127.0.0.1:'+s.address().port+'/'})))`], { stdio: ['ignore', 'pipe', 'inherit'] });
      kill.push(ref);
      await page.goto((await firstJson(ref)).url);
      await page.waitForSelector('#ok');
      const referenceMs = performance.now() - refStart;

      const started = performance.now();
      const serve = spawn(process.execPath, [cli, 'serve', '--db', join(ctx.dir, 'ui.duckdb'), '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
      kill.push(serve);
      const { url } = await firstJson(serve);
      await page.goto(url);
      await page.getByRole('button', { name: 'Start' }).click();
      // Checked every animation frame: a locator's wait polls ever more slowly (up to 500 ms apart),
      // which would time Playwright's back-off rather than the app.
      type ChartPage = { document: { querySelector(selector: string): unknown } };
      await page.waitForFunction(() => (globalThis as unknown as ChartPage).document.querySelector('[data-testid="live-chart"]:not([data-points="0"])') !== null, null, { polling: 'raf', timeout: 30_000 });
      const firstPointMs = performance.now() - started;
      ctx.log(`ui: first live point drawn ${firstPointMs.toFixed(0)} ms after spawning serve`);

      await page.goto(url.replace('/?token=', '/bench.html?token='));
      // Page-side functions (not strings: the CSP forbids eval); typed without the DOM lib.
      type BenchPage = { document: { title: string }; runRedrawBench(): Promise<unknown> };
      await page.waitForFunction(() => (globalThis as unknown as BenchPage).document.title === 'ready');
      const redraw = (await page.evaluate(() => (globalThis as unknown as BenchPage).runRedrawBench())) as {
        uplotMs: number;
        canvasMs: number;
        series: number;
        points: number;
      };
      const results: BenchResult[] = [
        {
          case: 'ui-first-point',
          value: round(firstPointMs),
          unit: 'ms',
          reference: round(referenceMs),
          ratio: round(referenceMs / firstPointMs),
          target: `<= ${FIRST_POINT_TARGET_MS} ms`,
          pass: firstPointMs <= FIRST_POINT_TARGET_MS,
          details: { reference: 'spawn a bare Node HTTP server and load a page from it', browser: chromium },
        },
        {
          case: 'ui-redraw',
          value: round(redraw.uplotMs),
          unit: 'ms (median)',
          reference: round(redraw.canvasMs),
          ratio: round(redraw.canvasMs / redraw.uplotMs),
          target: `<= ${REDRAW_TARGET_MS} ms`,
          pass: redraw.uplotMs <= REDRAW_TARGET_MS,
          details: { series: redraw.series, pointsPerSeries: redraw.points, reference: 'the same polylines on plain canvases' },
        },
      ];
      return results;
    } finally {
      for (const child of kill) child.kill('SIGKILL');
      await browser.close();
    }
  },
};
