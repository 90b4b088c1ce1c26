import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { resourcesDir } from '../cli/bundle-paths';
import { findDemo, loadDemos } from '../demos/demo';
import { freshDemoWorkspace, runDemo } from '../demos/run';
import { LabError } from '../model';
import type { DemoOpened, DemoProgress, DemoSummary } from './demo-contract';
import type { LabParsedRequest } from './schemas';

/** Opens a workspace in the app hosting the Lab (desktop window or browser mode), after the reply went out. */
export type WorkspaceOpener = (path: string) => void;

/** How long the host waits before switching: the demoOpen reply must reach the page first. */
const SWITCH_DELAY_MS = 150;

/**
 * Teaching demos from the UI: list them, and open one — its steps build a NEW workspace in
 * `demos/` beside the current one (never the user's data), then the host switches to it.
 */
export class LabDemos {
  private running: string | null = null;

  constructor(
    private readonly workspacePath: string,
    private readonly opener: () => WorkspaceOpener | null,
    private readonly progress: (p: DemoProgress) => void,
  ) {}

  list(): { demos: DemoSummary[] } {
    return { demos: loadDemos(this.resources()).map((d) => ({ id: d.id, title: d.title, lesson: d.lesson, views: d.views, steps: d.steps.length, attribution: d.attribution ?? null })) };
  }

  async open(r: LabParsedRequest<'demoOpen'>): Promise<DemoOpened> {
    if (this.running) throw new LabError('invalid_input', `the demo ${this.running} is still being built`);
    const resources = this.resources();
    const demo = findDemo(resources, r.id);
    const parent = this.workspacePath === ':memory:' ? tmpdir() : join(dirname(resolve(this.workspacePath)), 'demos');
    const db = freshDemoWorkspace(demo.id, undefined, parent);
    this.running = demo.id;
    try {
      await runDemo(demo, db, resources, { io: null, onStep: (index, step) => this.progress({ id: demo.id, step: index + 1, of: demo.steps.length, say: step.say }) });
    } finally {
      this.running = null;
    }
    const opener = this.opener();
    if (opener) setTimeout(() => opener(db), SWITCH_DELAY_MS);
    return { id: demo.id, title: demo.title, db, switching: opener !== null };
  }

  private resources(): string {
    const dir = resourcesDir();
    if (!dir) throw new LabError('io', 'the demos folder (resources/demos) is missing from this installation');
    return dir;
  }
}
