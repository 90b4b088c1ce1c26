import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Served {
  url: string;
  db: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the built `servolab serve` on a fresh workspace and waits for its URL. */
export async function serve(db = join(mkdtempSync(join(tmpdir(), 'servolab-e2e-')), 'lab.duckdb')): Promise<Served> {
  const child = spawn(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'servolab.mjs'), 'serve', '--db', db, '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      try {
        resolve((JSON.parse(out) as { url: string }).url);
      } catch {
        // the JSON document is not complete yet
      }
    });
    child.once('exit', (code) => reject(new Error(`servolab serve exited with ${code}`)));
  });
  return {
    url,
    db,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
