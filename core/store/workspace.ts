import { totalmem } from 'node:os';
import { existsSync } from 'node:fs';
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { LabError } from '../model';
import { ColumnAppender, type ColumnKind } from './column-appender';
import { MIGRATIONS, type Migration } from './schema';

export const APP_NAME = 'servolab';
export const MEMORY = ':memory:';

export interface OpenOptions {
  /** Create the file when it does not exist (default true). Read-only commands pass false. */
  create?: boolean;
  /** The migration list; only tests pass another one (to exercise upgrades). */
  migrations?: readonly Migration[];
}

export type SqlParams = Record<string, DuckDBValue> | DuckDBValue[];

/** Connections per workspace: lane 0 for everything, lane 1 so a writer can overlap commits. */
export const LANES = 2;

/**
 * One workspace = one DuckDB file (or `:memory:`). Owns the instance and a few connections
 * ("lanes"); statements on one lane are serialised, so a transaction is never interleaved with
 * another caller's statements. Two lanes let a bulk writer append batch k+1 while batch k commits.
 */
export class Workspace {
  private readonly queues: Promise<unknown>[];
  private readonly appenders = new Map<DuckDBConnection, Map<string, ColumnAppender>>();
  private closed = false;
  /** Opened read-only because the file or its medium cannot be written (every write is refused). */
  readonly readOnly: boolean;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly lanes: readonly DuckDBConnection[],
    readOnly = false,
  ) {
    this.queues = lanes.map(() => Promise.resolve());
    this.readOnly = readOnly;
  }

  get connection(): DuckDBConnection {
    return this.lanes[0]!;
  }

  static async open(path: string, options: OpenOptions = {}): Promise<Workspace> {
    const create = options.create ?? true;
    if (path !== MEMORY && !create && !existsSync(path)) {
      throw new LabError('not_found', `workspace not found: ${path}`);
    }
    let instance: DuckDBInstance;
    let readOnly = false;
    try {
      instance = await DuckDBInstance.create(path, { memory_limit: databaseMemoryLimit(process.env, path) });
    } catch (e) {
      // A workspace on a read-only medium or without write permission still opens, for reading.
      if (!(path !== MEMORY && existsSync(path) && READ_ONLY_FILE.test(String(e)))) throw translateOpenError(path, e);
      instance = await DuckDBInstance.create(path, { memory_limit: databaseMemoryLimit(process.env, path), access_mode: 'READ_ONLY' }).catch((again: unknown) => {
        throw translateOpenError(path, again);
      });
      readOnly = true;
    }
    const lanes: DuckDBConnection[] = [];
    for (let i = 0; i < LANES; i++) lanes.push(await instance.connect());
    const ws = new Workspace(path, instance, lanes, readOnly);
    try {
      await ws.migrate(options.migrations ?? MIGRATIONS);
    } catch (e) {
      ws.close();
      throw e;
    }
    return ws;
  }

  /** Runs `fn` alone on a lane's connection: nothing else may interleave (transactions rely on it). */
  exclusive<T>(fn: (con: DuckDBConnection) => Promise<T>, lane = 0): Promise<T> {
    if (this.closed) return Promise.reject(new LabError('io', 'workspace is closed'));
    const connection = this.lanes[lane % this.lanes.length]!;
    const run = this.queues[lane % this.lanes.length]!.then(() => fn(connection)).catch((e: unknown) => {
      throw translateWriteError(this.path, e);
    });
    this.queues[lane % this.lanes.length] = run.catch(() => undefined);
    return run;
  }

  /** Resolves when every lane has finished what was queued on it. */
  async idle(): Promise<void> {
    await Promise.all(this.queues);
  }

  /** BEGIN … COMMIT around `fn`; any error rolls back and leaves the workspace as it was. */
  transaction<T>(fn: (con: DuckDBConnection) => Promise<T>, lane = 0): Promise<T> {
    return this.exclusive((con) => inTransaction(con, () => fn(con)), lane);
  }

  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.exclusive((con) => con.run(sql, params));
  }

  /** Rows as plain JS objects (BIGINT → bigint, TIMESTAMP → Date). For small results only. */
  async rows<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.exclusive(async (con) => {
      const reader = await con.runAndReadAll(sql, params);
      return reader.getRowObjectsJS() as T[];
    });
  }

  /** Columns as JS arrays, for results that feed typed arrays. */
  async columns(sql: string, params?: SqlParams): Promise<unknown[][]> {
    return this.exclusive(async (con) => {
      const reader = await con.runAndReadAll(sql, params);
      return reader.getColumnsJS() as unknown[][];
    });
  }

  /**
   * A column appender for `table` on `con`, kept open across batches: creating and closing one per
   * batch costs more than the flush. Call only inside `exclusive`/`transaction` on that connection.
   */
  async appender(con: DuckDBConnection, table: string, kinds: readonly ColumnKind[]): Promise<ColumnAppender> {
    const byTable = this.appenders.get(con) ?? new Map<string, ColumnAppender>();
    this.appenders.set(con, byTable);
    let appender = byTable.get(table);
    if (!appender) {
      appender = await ColumnAppender.create(con, table, kinds);
      byTable.set(table, appender);
    }
    return appender;
  }

  async checkpoint(): Promise<void> {
    if (this.path !== MEMORY) await this.run('CHECKPOINT');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const byTable of this.appenders.values()) for (const appender of byTable.values()) appender.close();
    this.appenders.clear();
    for (const lane of this.lanes) lane.closeSync();
    this.instance.closeSync();
  }

  async schemaVersion(): Promise<number> {
    const rows = await this.rows<{ v: number | null }>(`SELECT max(version) AS v FROM schema_version`);
    return rows[0]?.v ?? 0;
  }

  private async migrate(migrations: readonly Migration[]): Promise<void> {
    const latest = migrations[migrations.length - 1]!.version;
    const tables = await this.rows<{ table_name: string }>(
      `SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'`,
    );
    const names = new Set(tables.map((t) => t.table_name));
    let current = 0;
    if (names.has('schema_version')) {
      current = await this.schemaVersion();
    } else if (names.size > 0) {
      throw new LabError('workspace_invalid', `${this.path} is a DuckDB file but not a ServoLab workspace`);
    }
    if (current > latest) {
      throw new LabError(
        'workspace_newer',
        `workspace ${this.path} has schema version ${current}, newer than this ServoLab supports (${latest}); update ServoLab`,
      );
    }
    const pending = migrations.filter((m) => m.version > current);
    if (pending.length === 0) return;
    if (this.readOnly) {
      throw new LabError('io', `workspace ${this.path} is read-only and needs an upgrade to schema version ${latest}; copy it somewhere writable first`);
    }
    await this.transaction(async (con) => {
      for (const migration of pending) {
        for (const statement of migration.statements) await con.run(statement);
        await con.run(`INSERT INTO schema_version VALUES ($v, now()::TIMESTAMP, $app)`, {
          v: migration.version,
          app: APP_NAME,
        });
      }
    });
  }
}

/** DuckDB's words for a file it may not write. */
const READ_ONLY_FILE = /Read-only file system|Permission denied/i;

/**
 * BEGIN … COMMIT on `con` (the caller holds it through `exclusive`, which also words a full disk or
 * a read-only workspace in one line). Any error rolls back, so the workspace is left as it was.
 */
export async function inTransaction<T>(con: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await con.run('BEGIN TRANSACTION');
  try {
    const result = await fn();
    await con.run('COMMIT');
    return result;
  } catch (e) {
    await con.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** A full disk or a read-only workspace in one line; other errors pass through unchanged. */
function translateWriteError(path: string, e: unknown): unknown {
  if (e instanceof LabError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (/No space left on device|ENOSPC/i.test(message)) {
    const file = /file "([^"]+)"/.exec(message)?.[1];
    if (file && file !== path && !file.startsWith(`${path}.`)) return new LabError('io', `disk full: cannot write ${file} (no space left on device)`);
    return new LabError('io', `disk full: cannot write workspace ${path} (no space left on device); the change was rolled back, nothing of it stored`);
  }
  if (/attached in read-only mode|append to a readonly database/i.test(message)) {
    return new LabError('io', `workspace ${path} is read-only (a read-only file, folder or medium); nothing was changed`);
  }
  return e;
}

function translateOpenError(path: string, e: unknown): LabError {
  const message = e instanceof Error ? e.message : String(e);
  if (/not a valid DuckDB database file/i.test(message)) {
    return new LabError('workspace_invalid', `${path} is not a ServoLab workspace (not a DuckDB file)`);
  }
  if (/Could not set lock|Conflicting lock/i.test(message)) {
    return new LabError('workspace_locked', `workspace ${path} is in use by another process (locked)`);
  }
  if (/newer version|incompatible|storage version/i.test(message)) {
    return new LabError('workspace_newer', `workspace ${path} was written by a newer DuckDB/ServoLab; update ServoLab`);
  }
  if (READ_ONLY_FILE.test(message)) {
    return new LabError('io', `cannot create workspace ${path}: its folder is read-only (${READ_ONLY_FILE.exec(message)![0].toLowerCase()})`);
  }
  if (/No such file or directory/i.test(message)) {
    return new LabError('io', `cannot open workspace ${path}: no such directory`);
  }
  return new LabError('io', `cannot open workspace ${path}: ${message.split('\n')[0]}`);
}

/**
 * DuckDB's memory ceiling. Its default, 80 % of RAM, lets the blocks of every table written stay
 * cached until the machine runs short — a live workspace's memory then grows for hours (the soak
 * measured ~75 MB/min at 50,000 readings/s). A file workspace keeps its data on disk, so the
 * ceiling is a cache: 256 MiB (less on a machine under 1 GiB), beyond which DuckDB evicts cached
 * blocks and spills large operators next to the file. Measured against 2 GiB on the same machine:
 * M4 over 100 M readings 14 vs 21 ms, a 10 M-row CSV import 18.0 vs 16.7 s, backfill unchanged,
 * RSS 0.7–0.9 GB instead of 1.6 GB. An in-memory workspace holds all its data under the ceiling
 * and cannot spill: at most 2 GiB or a quarter of RAM. `SERVOLAB_DB_MEMORY` (DuckDB's syntax,
 * e.g. `512MB`, `4GB`) overrides both.
 */
export function databaseMemoryLimit(env: NodeJS.ProcessEnv = process.env, path = ''): string {
  const given = env.SERVOLAB_DB_MEMORY?.trim();
  if (given) {
    if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(given)) throw new LabError('usage', `SERVOLAB_DB_MEMORY must be a size like 512MB or 4GB, got "${given}"`);
    return given;
  }
  const quarter = Math.floor(totalmem() / 4 / 2 ** 20);
  if (path !== MEMORY) return `${Math.min(256, Math.max(128, quarter))}MiB`;
  return `${Math.min(2048, Math.max(256, quarter))}MiB`;
}
