import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_COMMANDS, findDemo, loadDemos, stepArgv, type Demo } from '../../demos/demo';
import { LabError } from '../../model';
import { optionalString } from '../args';
import { resourcesDir } from '../bundle-paths';
import type { Command } from '../command';
import { formatTable, printJson, type CliIO } from '../output';
import { EXIT, runCommands } from '../runner';
import { clusterCommand } from './cluster';
import { cyclesCommand } from './cycles';
import { hotCommand } from './hot';
import { importCommand } from './import';
import { simulateCommand } from './simulate';
import { statsCommand } from './stats';
import { trainCommand } from './train';
import { windowCommand } from './window';

/** The only commands a demo step may run (demo files are data, not code). */
const STEP_COMMANDS: readonly Command[] = [simulateCommand, importCommand, statsCommand, hotCommand, windowCommand, cyclesCommand, trainCommand, clusterCommand];

interface StepResult {
  say: string;
  argv: string[];
  output: unknown;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'teaching demos: list them, or run one into a fresh workspace of its own',
  usage: 'servolab demo list [--json] | servolab demo run ID [--db NEW.duckdb] [--json]',
  positionals: true,
  options: { db: { type: 'string' } },
  async run(values, io, positionals) {
    const resources = resourcesDir();
    if (!resources) throw new LabError('io', 'the demos folder (resources/demos) is missing from this installation');
    const [action, id, ...extra] = positionals;
    if (extra.length) throw new LabError('usage', `unexpected operand "${extra[0]}"`);
    if (action === 'list') {
      if (id !== undefined) throw new LabError('usage', `unexpected operand "${id}"`);
      const demos = loadDemos(resources);
      if (values.json) printJson(io, { demos: demos.map(({ id: demoId, title, lesson, views, steps }) => ({ id: demoId, title, lesson, views, steps: steps.length })) });
      else io.out(formatTable(['id', 'title', 'steps'], demos.map((d) => [d.id, d.title, d.steps.length])));
      return;
    }
    if (action !== 'run' || id === undefined) throw new LabError('usage', "say 'demo list' or 'demo run ID'");
    const demo = findDemo(resources, id);
    const db = freshWorkspace(optionalString(values, 'db'), demo.id);
    const steps = await runSteps(demo, db, resources, io, values.json === true);
    if (values.json) printJson(io, { id: demo.id, title: demo.title, db, views: demo.views, steps });
    else io.out(`\nDemo "${demo.title}" is ready in ${db}\nopen it: servolab serve --db ${db}  (views: ${demo.views.join(', ')})`);
  },
};

/** A demo never touches the user's data: a new file, or a new temporary folder. */
function freshWorkspace(requested: string | undefined, id: string): string {
  if (requested === undefined) return join(mkdtempSync(join(tmpdir(), `servolab-demo-${id}-`)), 'demo.duckdb');
  const path = resolve(requested);
  if (existsSync(path)) throw new LabError('invalid_input', `${requested} exists: a demo runs only into a new workspace`);
  return path;
}

async function runSteps(demo: Demo, db: string, resources: string, io: CliIO, json: boolean): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const [index, step] of demo.steps.entries()) {
    const argv = stepArgv(step.run, db, resources);
    const out: string[] = [];
    const err: string[] = [];
    const sink: CliIO = json ? { out: (t) => out.push(t), err: (t) => err.push(t) } : { out: io.out, err: (t) => err.push(t) };
    if (!json) io.out(`\n[${index + 1}/${demo.steps.length}] ${step.say}\n$ servolab ${step.run.map(quoteArg).join(' ')}`);
    const code = await runCommands(STEP_COMMANDS, json ? [...argv, '--json'] : argv, sink);
    if (code !== EXIT.ok) {
      const reason = err.find((line) => line.trim() !== '')?.trim() ?? `exit code ${code}`;
      throw new LabError('internal', `demo ${demo.id}, step ${index + 1} (${step.run[0]}) failed: ${reason}`);
    }
    results.push({ say: step.say, argv: step.run, output: json ? parseOutput(out.join('')) : null });
  }
  return results;
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

// Keep the allowed list and the schema's list the same.
if (STEP_COMMANDS.map((c) => c.name).join() !== DEMO_COMMANDS.join()) throw new Error('demo step commands out of sync');
