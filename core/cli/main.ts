import { isLabError, LabError } from '../model';
import { parseCommandLine } from './args';
import type { Command } from './command';
import { benchCommand } from './commands/bench';
import { cyclesCommand } from './commands/cycles';
import { exportCommand } from './commands/export';
import { hotCommand } from './commands/hot';
import { importCommand } from './commands/import';
import { quarantineCommand } from './commands/quarantine';
import { queryCommand } from './commands/query';
import { serveCommand } from './commands/serve';
import { simulateCommand } from './commands/simulate';
import { sqlCommand } from './commands/sql';
import { statsCommand } from './commands/stats';
import { windowCommand } from './commands/window';
import { processIO, type CliIO } from './output';

export const COMMANDS: readonly Command[] = [simulateCommand, statsCommand, queryCommand, hotCommand, exportCommand, importCommand, windowCommand, cyclesCommand, quarantineCommand, sqlCommand, serveCommand, benchCommand];

export const EXIT = { ok: 0, runtime: 1, usage: 2 } as const;

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'servolab — machine-sensor lab bench (headless)',
    '',
    'Usage: servolab <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Common options: --json (one JSON document on stdout), --debug (stack traces), --help',
    'Durations look like 90s, 10m, 2h; times are ISO-8601 (UTC when no zone is given).',
    "Run 'servolab <command> --help' for a command's options.",
  ].join('\n');
}

/** Runs the CLI and returns the exit code: 0 ok, 1 runtime error, 2 usage error. */
export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  const debug = rest.includes('--debug');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(process.env.SERVOLAB_VERSION ?? '0.1.0');
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new LabError('usage', `unknown command "${name}" (see servolab --help)`);
    const { values, positionals } = parseCommandLine(rest, command.options, command.positionals === true);
    if (values.help) {
      io.out(`${command.summary}\n\nUsage: ${command.usage}`);
      return EXIT.ok;
    }
    await command.run(values, io, positionals);
    return EXIT.ok;
  } catch (e) {
    const message = isLabError(e) ? e.message : e instanceof Error ? e.message.split('\n')[0] : String(e);
    io.err(`servolab${command ? ` ${command.name}` : ''}: error: ${message}`);
    if (isLabError(e) && e.code === 'usage' && command) io.err(`usage: ${command.usage}`);
    if (debug && e instanceof Error && e.stack) io.err(e.stack);
    return isLabError(e) && e.code === 'usage' ? EXIT.usage : EXIT.runtime;
  }
}
