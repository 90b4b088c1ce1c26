import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Files the bundled CLI finds next to itself (out/cli/ and out/renderer/). Running from sources
 * (tests) there are none: backfills then run inline, and `serve` says the renderer is not built.
 */
let url: URL | undefined;
let renderer: string | undefined;

export function setRendererDir(dir: URL): void {
  const path = fileURLToPath(dir);
  renderer = existsSync(join(path, 'index.html')) ? path : undefined;
}

export function rendererDir(): string | undefined {
  return renderer;
}

export function setSimulatorWorkerUrl(value: URL | undefined): void {
  url = value && existsSync(fileURLToPath(value)) ? value : undefined;
}

export function simulatorWorkerUrl(): URL | undefined {
  return url;
}

/** The training worker (out/cli/ml-worker.js); without it forests grow on the main thread. */
let mlUrl: URL | undefined;

export function setMlWorkerUrl(value: URL | undefined): void {
  mlUrl = value && existsSync(fileURLToPath(value)) ? value : undefined;
}

export function mlWorkerUrl(): URL | undefined {
  return mlUrl;
}

/** The shipped resources (demos, sample data): `resources/` of the checkout or install. */
let resources: string | undefined;

export function setResourcesDir(dir: URL): void {
  const path = fileURLToPath(dir);
  resources = existsSync(join(path, 'demos')) ? path : undefined;
}

export function resourcesDir(): string | undefined {
  return resources;
}
