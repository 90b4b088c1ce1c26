import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catalog } from '../store/catalog';
import { Workspace } from '../store/workspace';
import { detectFile, importFile, type ImportOptions, type ImportResult, type ImportRunOptions } from './file-import';

/** Shared by the file-import tests: scratch files and a fresh workspace per test. */
export const scratch = () => mkdtempSync(join(tmpdir(), 'servolab-import-'));

export function writeScratch(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

export async function openWorkspace(path = ':memory:'): Promise<{ ws: Workspace; catalog: Catalog }> {
  const ws = await Workspace.open(path);
  return { ws, catalog: await Catalog.load(ws) };
}

export async function importPath(
  ctx: { ws: Workspace; catalog: Catalog },
  path: string,
  options: ImportOptions = {},
  run: ImportRunOptions = {},
): Promise<ImportResult> {
  const plan = await detectFile(ctx.ws, path, options);
  return importFile(ctx.ws, ctx.catalog, plan, { again: options.again, ...run });
}

/** Whole-workspace fingerprint: what "unchanged" means in the tests. */
export async function snapshot(ws: Workspace): Promise<Record<string, unknown>> {
  const [row] = await ws.rows(`SELECT (SELECT count(*) FROM readings) AS readings, (SELECT count(*) FROM rollup_1s) AS r1s,
    (SELECT count(*) FROM rollup_1m) AS r1m, (SELECT count(*) FROM quarantine) AS quarantine, (SELECT count(*) FROM imports) AS imports,
    (SELECT count(*) FROM training_tables) AS tables, (SELECT sum(value) FROM readings) AS total`);
  return row!;
}

/** ServoSense `sensors.csv`: 10 Hz per machine, machines interleaved, ISO times with Z. */
export function servoSenseCsv(rows: number, machines = 3, start = Date.UTC(2026, 2, 1)): string {
  const lines = ['event_time,machine_id,temperature,vibration,rpm'];
  for (let i = 0; i < rows; i++) {
    const t = new Date(start + Math.floor(i / machines) * 100).toISOString();
    lines.push(`${t},M-${String((i % machines) + 1).padStart(3, '0')},${(70 + (i % 17) * 0.5).toFixed(1)},${((i % 7) * 0.01).toFixed(2)},${1500 + (i % 11)}`);
  }
  return lines.join('\n') + '\n';
}
