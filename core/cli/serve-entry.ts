import { serveCommand } from './commands/serve';
import type { CliIO } from './output';
import { runCommands } from './runner';

/**
 * `servolab serve` without the rest of the CLI: its static imports hold no DuckDB, so the server
 * listens and prints its URL while the workspace engine loads (see serve.ts).
 */
export function runCli(argv: string[], io?: CliIO): Promise<number> {
  return runCommands([serveCommand], argv, io);
}
