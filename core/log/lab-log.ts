import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type DestinationStream, type Logger } from 'pino';
import pinoRoll from 'pino-roll';

import type { LogComponent, LogEntry, LogLevel } from './log-types';

export { LOG_COMPONENTS, LOG_LEVELS, type LogComponent, type LogEntry, type LogLevel } from './log-types';

export interface LabLogOptions {
  /** Folder of the rotating files; none: entries are kept in memory only. */
  dir?: string | null;
  level?: LogLevel;
  /** Rotation: a new file past this size, at most `keep` files. */
  fileSize?: string;
  keep?: number;
  /** Entries kept in memory for the log panel. */
  recentEntries?: number;
}

/** Fields that can hold secrets, wherever they appear (pino's redaction paths). */
const REDACT = ['password', 'token', 'authorization', 'sasl', 'ssl.key', 'pushUrl'].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
const LEVEL_NAMES: Record<number, LogLevel> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'error' };
const LEVEL_RANK: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50 };

/**
 * Structured logs of one app (pino): one JSON line per entry with its component, into rotating
 * files, plus the most recent entries in memory for the log panel. Secrets never reach either:
 * secret-named fields are redacted by pino, and every secret the app knows at run time (tokens,
 * SASL passwords: `addSecret`) is replaced in the finished line before it is written anywhere.
 */
export class LabLog {
  readonly logger: Logger;
  readonly file: string | null;
  private readonly secrets = new Set<string>();
  private readonly recentLines: LogEntry[] = [];

  private constructor(
    private readonly stream: DestinationStream | null,
    file: string | null,
    level: LogLevel,
    private readonly capacity: number,
  ) {
    this.file = file;
    const sink: DestinationStream = { write: (line: string) => this.write(line) };
    this.logger = pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined }, sink);
  }

  static async create(options: LabLogOptions = {}): Promise<LabLog> {
    const level = options.level ?? 'info';
    const capacity = options.recentEntries ?? 2000;
    if (!options.dir) return new LabLog(null, null, level, capacity);
    mkdirSync(options.dir, { recursive: true });
    const base = join(options.dir, 'servolab');
    const stream = (await pinoRoll({ file: base, extension: '.log', size: options.fileSize ?? '10m', limit: { count: options.keep ?? 5 }, mkdir: true, symlink: true })) as unknown as DestinationStream;
    return new LabLog(stream, join(options.dir, 'current.log'), level, capacity);
  }

  /** A component's logger: every entry carries `component`. */
  for(component: LogComponent): Logger {
    return this.logger.child({ component });
  }

  /** A secret known at run time (a token, a password): never written, whatever field or message holds it. */
  addSecret(secret: string | null | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  /** The newest entries at or above `level`, oldest first. */
  recent(level: LogLevel = 'info', limit = 200, component?: string): LogEntry[] {
    const rank = LEVEL_RANK[level];
    const picked = this.recentLines.filter((e) => LEVEL_RANK[e.level] >= rank && (component === undefined || e.component === component));
    return picked.slice(-limit);
  }

  async close(): Promise<void> {
    const stream = this.stream as (DestinationStream & { end?: () => void; once?: (e: string, f: () => void) => void }) | null;
    if (!stream?.end) return;
    await new Promise<void>((done) => {
      stream.once?.('close', done);
      stream.end!();
      setTimeout(done, 1000);
    });
  }

  private write(line: string): void {
    let text = line;
    for (const secret of this.secrets) text = text.split(secret).join('[redacted]');
    this.stream?.write(text);
    try {
      const { time, level, component, msg, ...detail } = JSON.parse(text) as { time: number; level: number; component?: string; msg?: string };
      this.recentLines.push({ time, level: LEVEL_NAMES[level] ?? 'info', component: component ?? 'app', msg: msg ?? '', detail });
      if (this.recentLines.length > this.capacity) this.recentLines.splice(0, this.recentLines.length - this.capacity);
    } catch {
      // a line pino wrote is JSON; nothing else reaches here
    }
  }
}
