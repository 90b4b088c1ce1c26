import { clusterCommand } from '../cli/commands/cluster';
import { cyclesCommand } from '../cli/commands/cycles';
import { hotCommand } from '../cli/commands/hot';
import { importCommand } from '../cli/commands/import';
import { simulateCommand } from '../cli/commands/simulate';
import { statsCommand } from '../cli/commands/stats';
import { trainCommand } from '../cli/commands/train';
import { windowCommand } from '../cli/commands/window';
import type { Command } from '../cli/command';
import { DEMO_COMMANDS } from './demo';

/** The only commands a demo step may run (demo files are data, not code). */
export const STEP_COMMANDS: readonly Command[] = [simulateCommand, importCommand, statsCommand, hotCommand, windowCommand, cyclesCommand, trainCommand, clusterCommand];
// Keep the allowed list and the schema's list the same.
if (STEP_COMMANDS.map((c) => c.name).join() !== DEMO_COMMANDS.join()) throw new Error('demo step commands out of sync');
