#!/usr/bin/env node
// Thin launcher for the bundled CLI (built by `npm run build` into out/cli/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../out/cli/servolab.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("servolab: the CLI is not built yet; run 'npm run build' first\n");
  process.exit(1);
}
await import(entry.href);
