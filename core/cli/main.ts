import type { Command } from './command';
import { annotateCommand } from './commands/annotate';
import { benchCommand } from './commands/bench';
import { clusterCommand } from './commands/cluster';
import { cyclesCommand } from './commands/cycles';
import { demoCommand } from './commands/demo';
import { detectCommand } from './commands/detect';
import { exportCommand } from './commands/export';
import { hotCommand } from './commands/hot';
import { kafkaCommand } from './commands/kafka';
import { listenCommand } from './commands/listen';
import { modelsCommand } from './commands/models';
import { predictCommand } from './commands/predict';
import { importCommand } from './commands/import';
import { quarantineCommand } from './commands/quarantine';
import { queryCommand } from './commands/query';
import { serveCommand } from './commands/serve';
import { simulateCommand } from './commands/simulate';
import { soakCommand } from './commands/soak';
import { sqlCommand } from './commands/sql';
import { statsCommand } from './commands/stats';
import { trainCommand } from './commands/train';
import { windowCommand } from './commands/window';
import { processIO, type CliIO } from './output';
import { runCommands } from './runner';

export { EXIT } from './runner';

export const COMMANDS: readonly Command[] = [simulateCommand, statsCommand, queryCommand, hotCommand, exportCommand, importCommand, windowCommand, cyclesCommand, quarantineCommand, sqlCommand, trainCommand, annotateCommand, modelsCommand, predictCommand, clusterCommand, detectCommand, demoCommand, kafkaCommand, listenCommand, serveCommand, benchCommand, soakCommand];

/** Runs the CLI with every command registered above; see runner.ts for exit codes. */
export function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  return runCommands(COMMANDS, argv, io);
}
