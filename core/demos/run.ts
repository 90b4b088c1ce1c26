import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { CliIO } from '../cli/output';
import { EXIT, runCommands } from '../cli/runner';
import { LabError } from '../model';
import { stepArgv, type Demo } from './demo';

export interface StepResult {
  say: string;
  argv: string[];
  output: unknown;
}

/** What a demo workspace remembers of its demo (`lesson.json` beside it): the UI shows it on open. */
export interface DemoLesson {
  id: string;
  title: string;
  lesson: string;
  views: Demo['views'];
  steps: { say: string; argv: string[] }[];
  attribution: string | null;
}

const DEMO_FILE = 'demo.duckdb';
const LESSON_FILE = 'lesson.json';

/** A demo never touches the user's data: a new file, or a new folder under `parent` (default: the temp folder). */
export function freshDemoWorkspace(id: string, requested?: string, parent = tmpdir()): string {
  if (requested === undefined) {
    mkdirSync(parent, { recursive: true });
    return join(mkdtempSync(join(parent, `servolab-demo-${id}-`)), DEMO_FILE);
  }
  const path = resolve(requested);
  if (existsSync(path)) throw new LabError('invalid_input', `${requested} exists: a demo runs only into a new workspace`);
  return path;
}

export interface RunDemoOptions {
  /** Progress lines; `null` collects each step's JSON output instead. */
  io: CliIO | null;
  onStep?: (index: number, step: Demo['steps'][number]) => void;
}

/** Runs a demo's steps against `db` (which must be new) and writes its lesson beside it. */
export async function runDemo(demo: Demo, db: string, resources: string, options: RunDemoOptions): Promise<StepResult[]> {
  // The step commands pull in most of the CLI (k-means, the forests…): loaded when a demo runs,
  // not with every Lab, whose start-up time is the app's.
  const { STEP_COMMANDS } = await import('./step-commands');
  const results: StepResult[] = [];
  const json = options.io === null;
  for (const [index, step] of demo.steps.entries()) {
    options.onStep?.(index, step);
    const argv = stepArgv(step.run, db, resources);
    const out: string[] = [];
    const err: string[] = [];
    const sink: CliIO = options.io ? { out: options.io.out, err: (t) => err.push(t) } : { out: (t) => out.push(t), err: (t) => err.push(t) };
    if (options.io) options.io.out(`\n[${index + 1}/${demo.steps.length}] ${step.say}\n$ servolab ${step.run.map(quoteArg).join(' ')}`);
    const code = await runCommands(STEP_COMMANDS, json ? [...argv, '--json'] : argv, sink);
    if (code !== EXIT.ok) {
      const reason = err.find((line) => line.trim() !== '')?.trim() ?? `exit code ${code}`;
      throw new LabError('internal', `demo ${demo.id}, step ${index + 1} (${step.run[0]}) failed: ${reason}`);
    }
    results.push({ say: step.say, argv: step.run, output: json ? parseOutput(out.join('')) : null });
  }
  const lesson: DemoLesson = { id: demo.id, title: demo.title, lesson: demo.lesson, views: demo.views, steps: demo.steps.map((s) => ({ say: s.say, argv: s.run })), attribution: demo.attribution ?? null };
  writeFileSync(join(dirname(db), lessonFileOf(db)), JSON.stringify(lesson, null, 2));
  return results;
}

/** The lesson of a demo workspace, or null for any other workspace. */
export function readLesson(db: string): DemoLesson | null {
  const path = join(dirname(db), lessonFileOf(db));
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DemoLesson;
  } catch {
    return null;
  }
}

/** `lesson.json` beside a demo folder's `demo.duckdb`; `NAME.lesson.json` beside a workspace the user named. */
function lessonFileOf(db: string): string {
  return basename(db) === DEMO_FILE ? LESSON_FILE : `${basename(db)}.${LESSON_FILE}`;
}

function parseOutput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./{}-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
