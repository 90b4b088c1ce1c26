import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The bundled simulator worker sits next to the CLI entry (out/cli/). Running from sources (tests)
 * there is none, and backfills run inline instead.
 */
let url: URL | undefined;

export function setSimulatorWorkerUrl(value: URL | undefined): void {
  url = value && existsSync(fileURLToPath(value)) ? value : undefined;
}

export function simulatorWorkerUrl(): URL | undefined {
  return url;
}
