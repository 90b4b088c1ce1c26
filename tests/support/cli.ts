import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The BUILT command, as a user runs it (npm test builds the CLI first). */
export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'servolab.mjs');

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `servolab …` to completion; a non-zero exit is a result, not an exception. */
export async function servolab(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** `servolab sql --db F QUERY --json`: the rows, or an Error with its stderr (e.g. the workspace did not open). */
export async function sqlRows<T extends unknown[] = unknown[]>(db: string, query: string): Promise<T[]> {
  const r = await servolab('sql', '--db', db, query, '--json', '--max-rows', '100000');
  if (r.code !== 0) throw new Error(`servolab sql --db ${db} failed (exit ${r.code}): ${r.stderr.trim()}`);
  return (JSON.parse(r.stdout) as { rows: T[] }).rows;
}

export interface RunningCli<T> {
  /** The JSON object the command printed when it was ready (`--json`). */
  printed: T;
  child: ChildProcessWithoutNullStreams;
  /** Ctrl-C, then the exit code and what it printed after the first object. */
  stop(): Promise<CliResult>;
}

/** Starts a long-running `servolab … --json` (serve, listen) and waits for its first printed object. */
export async function startServolab<T>(...args: string[]): Promise<RunningCli<T>> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  const printed = await new Promise<T>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      try {
        resolve(JSON.parse(out) as T);
        out = '';
      } catch {
        // not complete yet
      }
    });
    void exited.then((code) => reject(new Error(`servolab ${args[0]} exited with ${code}: ${err}`)));
  });
  return {
    printed,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      const code = await exited;
      return { code, stdout: out, stderr: err };
    },
  };
}
