import { isLabError, LabError, firstLineOf } from '../model';
import { parseCommandLine } from './args';
import type { Command } from './command';
import { processIO, type CliIO } from './output';

export const EXIT = { ok: 0, runtime: 1, usage: 2 } as const;

function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'servolab — machine-sensor lab bench (headless)',
    '',
    'Usage: servolab <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Common options: --json (one JSON document on stdout), --debug (stack traces), --help',
    'Durations look like 90s, 10m, 2h; times are ISO-8601 (UTC when no zone is given).',
    "Run 'servolab <command> --help' for a command's options.",
  ].join('\n');
}

/** Runs one of `commands` and returns the exit code: 0 ok, 1 runtime error, 2 usage error. */
export async function runCommands(commands: readonly Command[], argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  const debug = rest.includes('--debug');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview(commands));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(process.env.SERVOLAB_VERSION ?? '0.1.0');
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
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
    const message = isLabError(e) ? e.message : firstLineOf(e);
    io.err(`servolab${command ? ` ${command.name}` : ''}: error: ${message}`);
    if (isLabError(e) && e.code === 'usage' && command) io.err(`usage: ${command.usage}`);
    if (debug && e instanceof Error && e.stack) io.err(e.stack);
    return isLabError(e) && e.code === 'usage' ? EXIT.usage : EXIT.runtime;
  }
}
