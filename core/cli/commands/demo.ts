import { findDemo, loadDemos } from '../../demos/demo';
import { freshDemoWorkspace, runDemo } from '../../demos/run';
import { LabError } from '../../model';
import { optionalString } from '../args';
import { resourcesDir } from '../bundle-paths';
import type { Command } from '../command';
import { formatTable, printJson } from '../output';

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
    const db = freshDemoWorkspace(demo.id, optionalString(values, 'db'));
    const steps = await runDemo(demo, db, resources, { io: values.json ? null : io });
    if (values.json) printJson(io, { id: demo.id, title: demo.title, db, views: demo.views, steps });
    else io.out(`\nDemo "${demo.title}" is ready in ${db}\nopen it: servolab serve --db ${db}  (views: ${demo.views.join(', ')})`);
  },
};
