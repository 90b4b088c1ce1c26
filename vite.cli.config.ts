import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Bundles the headless CLI (and the worker entries it spawns) for Node. Dependencies stay
// external: DuckDB is a native addon and everything else is in node_modules at run time.
export default defineConfig({
  resolve: { alias: { '@core': resolve(import.meta.dirname, 'core') } },
  build: {
    ssr: true,
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rollupOptions: {
      input: {
        servolab: resolve(import.meta.dirname, 'core/cli/index.ts'),
        'simulator-worker': resolve(import.meta.dirname, 'core/ingest/simulator-worker.ts'),
        'ml-worker': resolve(import.meta.dirname, 'core/ml/worker.ts'),
      },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
