import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Output (package.json "main" points at out/main/index.js):
//   out/main/index.js       main process, ESM ("type": "module"), core/ bundled in
//   out/preload/index.cjs   sandboxed preload, one self-contained CommonJS file
//   out/renderer/           index.html + assets/, loaded from file:// (base './')
const root = import.meta.dirname;
const alias = { '@core': resolve(root, 'core') };

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      // Every package.json dependency stays a runtime import from node_modules: @duckdb/node-api
      // is a native addon and kafkajs does dynamic requires; neither survives bundling.
      externalizeDeps: true,
      rolldownOptions: { input: { index: resolve(root, 'electron/main/index.ts') } },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      // A sandboxed preload can require only 'electron' (kept external by electron-vite): bundle
      // every other import, dependencies included, into one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    resolve: { alias },
    plugins: [react()],
    // bench.html: the chart-redraw benchmark page (servolab bench --case ui), served like the app.
    build: { minify: true, rolldownOptions: { input: { index: resolve(root, 'renderer/index.html'), bench: resolve(root, 'renderer/bench.html') } } },
  },
});
