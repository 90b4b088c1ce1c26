import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LabError } from '../model';

/**
 * A teaching demo: a lesson, and the steps that build its workspace. Each step is a `servolab`
 * command line (what a student can type themselves), run against a fresh workspace the demo owns.
 * A demo file is data from outside the program, so only these commands are allowed, `--db` is
 * always the demo's own workspace, and file operands may only name shipped resources.
 */
export const DEMO_COMMANDS = ['simulate', 'import', 'stats', 'hot', 'window', 'cycles', 'train', 'cluster'] as const;
export const DEMO_VIEWS = ['live', 'explore', 'import', 'windows', 'sql', 'cycles', 'models'] as const;
/** Placeholder for the resources folder in a step's operands, e.g. `{resources}/data/ai4i2020.csv`. */
export const RESOURCES = '{resources}';

const step = z
  .object({
    say: z.string().min(1).max(2000),
    run: z
      .array(z.string().max(500))
      .min(1)
      .refine((argv) => (DEMO_COMMANDS as readonly string[]).includes(argv[0]!), { message: `a step runs one of: ${DEMO_COMMANDS.join(', ')}` })
      .refine((argv) => !argv.some((a) => a === '--db' || a.startsWith('--db=') || a === '--out' || a.startsWith('--out=')), {
        message: 'a step never names a workspace (--db) or an output file (--out)',
      }),
  })
  .strict();

export const demoSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/),
    title: z.string().min(3).max(120),
    lesson: z.string().min(40).max(4000),
    steps: z.array(step).min(1).max(20),
    views: z.array(z.enum(DEMO_VIEWS)).min(1),
    /** Where shipped data came from, when a step imports some. */
    attribution: z.string().max(1000).optional(),
  })
  .strict();

export type Demo = z.infer<typeof demoSchema>;

export function parseDemo(text: string, name: string): Demo {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new LabError('invalid_input', `demo ${name}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const parsed = demoSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LabError('invalid_input', `demo ${name}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Every demo in `<resources>/demos`, by file name order. */
export function loadDemos(resourcesDir: string): Demo[] {
  const dir = join(resourcesDir, 'demos');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseDemo(readFileSync(join(dir, f), 'utf8'), f));
}

export function findDemo(resourcesDir: string, id: string): Demo {
  const demos = loadDemos(resourcesDir);
  const demo = demos.find((d) => d.id === id);
  if (!demo) throw new LabError('usage', `no demo "${id}" (demos: ${demos.map((d) => d.id).join(', ')})`);
  return demo;
}

/** A step's command line for a workspace: resources resolved, the demo's own `--db` added. */
export function stepArgv(argv: readonly string[], db: string, resourcesDir: string): string[] {
  const resolved = argv.map((a) => {
    if (!a.includes(RESOURCES)) return a;
    if (!a.startsWith(`${RESOURCES}/`) || a.includes('..')) throw new LabError('invalid_input', `a demo may only name files inside the resources folder: ${a}`);
    return join(resourcesDir, a.slice(RESOURCES.length + 1));
  });
  return [resolved[0]!, '--db', db, ...resolved.slice(1)];
}
