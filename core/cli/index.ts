import { setMlWorkerUrl, setRendererDir, setSimulatorWorkerUrl } from './bundle-paths';

setSimulatorWorkerUrl(new URL('./simulator-worker.js', import.meta.url));
setMlWorkerUrl(new URL('./ml-worker.js', import.meta.url));
setRendererDir(new URL('../renderer/', import.meta.url));

// `serve` starts on a lean module graph so the browser can load the page while DuckDB loads.
const { runCli } = process.argv[2] === 'serve' ? await import('./serve-entry') : await import('./main');

// The entry the `servolab` bin loads. Exit explicitly: DuckDB and worker handles must not keep
// a finished command alive.
runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`servolab: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
