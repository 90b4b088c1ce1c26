import { setMlWorkerUrl, setRendererDir, setResourcesDir, setSimulatorWorkerUrl } from './bundle-paths';

setSimulatorWorkerUrl(new URL('./simulator-worker.js', import.meta.url));
setMlWorkerUrl(new URL('./ml-worker.js', import.meta.url));
setRendererDir(new URL('../renderer/', import.meta.url));
setResourcesDir(new URL('../../resources/', import.meta.url));

// `serve` starts on a lean module graph so the browser can load the page while DuckDB loads.
const { runCli } = process.argv[2] === 'serve' ? await import('./serve-entry') : await import('./main');

// The entry the `servolab` bin loads. Exit explicitly: DuckDB and worker handles must not keep
// a finished command alive. But only once stdout and stderr have drained: a pipe (`| jq`) takes
// 64 KiB at a time, and exiting earlier would cut a large JSON document short.
const exitWhenFlushed = (code: number) => process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
runCli(process.argv.slice(2)).then(exitWhenFlushed, (e: unknown) => {
  process.stderr.write(`servolab: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  exitWhenFlushed(1);
});
