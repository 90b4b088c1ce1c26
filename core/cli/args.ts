import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LabError, parseDuration, parseIsoTime, firstLineOf } from '../model';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

/** Strict parsing: unknown flags and stray positionals are usage errors, not ignored. */
export function parseCommandArgs(argv: string[], options: OptionSpec): Values {
  return parseCommandLine(argv, options, false).values;
}

/** The same, for commands that take operands (`import FILE...`, `sql "SELECT …"`). */
export function parseCommandLine(argv: string[], options: OptionSpec, allowPositionals: boolean): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, strict: true, allowPositionals });
    return { values: values as Values, positionals };
  } catch (e) {
    const message = firstLineOf(e).replace(/^TypeError \[[A-Z_]+\]: /, '');
    const ambiguous = /^Option '(--[\w-]+)(?:, -\w)?' argument is ambiguous/.exec(message);
    if (ambiguous) throw new LabError('usage', `${ambiguous[1]} got a value starting with "-"; write ${ambiguous[1]}=VALUE`);
    throw new LabError('usage', message);
  }
}

export function requireString(values: Values, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.length === 0) throw new LabError('usage', `--${name} is required`);
  return v;
}

export function optionalString(values: Values, name: string): string | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw new LabError('usage', `--${name} needs a value`);
  return v;
}

export function integerOption(values: Values, name: string, min: number, max: number, fallback?: number): number {
  const raw = values[name];
  if (raw === undefined) {
    if (fallback === undefined) throw new LabError('usage', `--${name} is required`);
    return fallback;
  }
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new LabError('usage', `--${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return n;
}

export function numberOption(values: Values, name: string, min = -Infinity, max = Infinity): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new LabError('usage', `--${name} must be a number${Number.isFinite(min) ? ` ≥ ${min}` : ''}${Number.isFinite(max) ? ` ≤ ${max}` : ''} (got "${raw}")`);
  }
  return n;
}

export function durationOption(values: Values, name: string, maxMs: number): number {
  const ms = parseDuration(requireString(values, name));
  if (ms <= 0 || ms > maxMs) throw new LabError('usage', `--${name} must be more than 0 and at most ${maxMs / 86_400_000} days`);
  return ms;
}

export function timeOption(values: Values, name: string): number | undefined {
  const raw = optionalString(values, name);
  return raw === undefined ? undefined : parseIsoTime(raw);
}

export function choiceOption<T extends string>(values: Values, name: string, choices: readonly T[], fallback?: T): T {
  const raw = values[name];
  if (raw === undefined && fallback !== undefined) return fallback;
  if (typeof raw !== 'string' || !choices.includes(raw as T)) {
    throw new LabError('usage', `--${name} must be one of ${choices.join(', ')}${raw === undefined ? '' : ` (got "${String(raw)}")`}`);
  }
  return raw as T;
}

/** `--token T` of a listener: absent (a random one is made) or at least 16 URL-safe characters. */
export function tokenOption(values: Values): string | undefined {
  const token = optionalString(values, 'token');
  if (token !== undefined && !/^[\w-]{16,}$/.test(token)) throw new LabError('usage', '--token needs at least 16 letters, digits, _ or -');
  return token;
}
