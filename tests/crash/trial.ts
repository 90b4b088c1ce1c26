import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { BIN } from '../support/cli';

/**
 * The crash suite's trial helper: run the BUILT `servolab` as a user does, SIGKILL it at a random
 * moment while its work is in progress, and let the scenario reopen the workspace and check its
 * invariants. Trials per scenario: `CRASH_TRIALS=N`, or 20 with `vitest --mode crash-long`
 * (`npm run test:crash:long`), else 2 (normal CI). `CRASH_SEED=S` replays a run's kill moments.
 */
export const LONG = process.env.MODE === 'crash-long';
export const TRIALS = process.env.CRASH_TRIALS ? Math.max(1, Number(process.env.CRASH_TRIALS)) : LONG ? 20 : 2;
export const SEED = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : Math.floor(Math.random() * 2 ** 31);

/** A test's time limit for `perTrialMs` per trial (a slow, shared 2-core machine) plus its set-up. */
export const budget = (setupMs: number, perTrialMs: number) => setupMs + TRIALS * perTrialMs;

/** mulberry32: a few lines, and a seed in the log reproduces every delay of a failed run. */
export function random(seed = SEED): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A temporary folder for one test, removed when the test passes (kept, for a look, when it fails). */
export function tempDir(scenario: string): string {
  const dir = mkdtempSync(join(tmpdir(), `servolab-crash-${scenario}-`));
  onTestFinished(({ task }) => {
    if (task.result?.state === 'pass') rmSync(dir, { recursive: true, force: true });
    else console.info(`crash ${scenario}: workspaces kept in ${dir}`);
  });
  return dir;
}

/** Removes a checked trial's workspace (a long run would otherwise keep gigabytes). */
export function removeWorkspace(db: string): void {
  for (const file of [db, `${db}.wal`]) rmSync(file, { force: true });
}

export interface KillPlan {
  /**
   * What on stderr says the work is under way (a pattern, or a test of everything printed so far);
   * the delay counts from it, from the spawn without one.
   */
  ready?: RegExp | ((stderr: string) => boolean);
  /** SIGKILL this long after `ready` (Infinity: let it finish, to calibrate). */
  delayMs: number;
}

export interface TrialRun {
  /** True when SIGKILL ended it; false when it exited on its own first. */
  killed: boolean;
  /** Exit code when it exited on its own. */
  code: number | null;
  /** From spawn to the `ready` line (null: never seen), and to the end. */
  readyMs: number | null;
  totalMs: number;
  stdout: string;
  stderr: string;
}

/** Spawns `node bin/servolab.mjs ...args` and kills it with SIGKILL as `plan` says. */
export function runAndKill(args: readonly string[], plan: KillPlan): Promise<TrialRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let readyMs: number | null = null;
  let timer: NodeJS.Timeout | undefined;
  let killed = false;
  const arm = () => {
    if (!Number.isFinite(plan.delayMs)) return;
    timer = setTimeout(() => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killed = child.kill('SIGKILL');
    }, Math.max(0, plan.delayMs));
  };
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    const ready = plan.ready instanceof RegExp ? plan.ready.test(stderr) : plan.ready?.(stderr);
    if (readyMs === null && ready) {
      readyMs = performance.now() - started;
      arm();
    }
  });
  if (!plan.ready) {
    readyMs = 0;
    arm();
  }
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: killed && signal === 'SIGKILL', code, readyMs, totalMs: performance.now() - started, stdout, stderr });
    });
  });
}

/** Per-scenario tally, printed at the end so a run shows how many kills landed mid-work. */
export class Tally {
  private readonly lines: string[] = [];
  killed = 0;
  finished = 0;

  constructor(private readonly scenario: string) {}

  add(trial: number, run: TrialRun, delayMs: number, note = ''): void {
    if (run.killed) this.killed++;
    else this.finished++;
    this.lines.push(`  #${trial} ${run.killed ? 'killed' : `finished (exit ${run.code})`} after ${Math.round(run.totalMs)} ms (delay ${Math.round(delayMs)} ms)${note ? ` ${note}` : ''}`);
  }

  print(): void {
    console.info(`crash ${this.scenario}: ${this.killed + this.finished} trials (seed ${SEED}), ${this.killed} killed mid-run, ${this.finished} finished first\n${this.lines.join('\n')}`);
  }
}
