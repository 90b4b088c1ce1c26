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

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly lanes: readonly DuckDBConnection[],
  ) {
    this.queues = lanes.map(() => Promise.resolve());
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
    try {
      instance = await DuckDBInstance.create(path, { memory_limit: databaseMemoryLimit() });
    } catch (e) {
      throw translateOpenError(path, e);
    }
    const lanes: DuckDBConnection[] = [];
    for (let i = 0; i < LANES; i++) lanes.push(await instance.connect());
    const ws = new Workspace(path, instance, lanes);
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
    const run = this.queues[lane % this.lanes.length]!.then(() => fn(connection));
    this.queues[lane % this.lanes.length] = run.catch(() => undefined);
    return run;
  }

  /** Resolves when every lane has finished what was queued on it. */
  async idle(): Promise<void> {
    await Promise.all(this.queues);
  }

  /** BEGIN … COMMIT around `fn`; any error rolls back and leaves the workspace as it was. */
  transaction<T>(fn: (con: DuckDBConnection) => Promise<T>, lane = 0): Promise<T> {
    return this.exclusive(async (con) => {
      await con.run('BEGIN TRANSACTION');
      try {
        const result = await fn(con);
        await con.run('COMMIT');
        return result;
      } catch (e) {
        await con.run('ROLLBACK').catch(() => undefined);
        throw e;
      }
    }, lane);
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
  if (/No such file or directory|Cannot open file/i.test(message)) {
    return new LabError('io', `cannot open workspace ${path}: no such directory`);
  }
  return new LabError('io', `cannot open workspace ${path}: ${message.split('\n')[0]}`);
}

/**
 * DuckDB's memory ceiling. Its default, 80 % of RAM, lets the blocks of every table written stay
 * cached until the machine runs short — a live workspace's memory then grows for hours (the soak
 * measured ~75 MB/min at 50,000 readings/s). A desktop tool shares the machine: at most 2 GiB or a
 * quarter of RAM, beyond which DuckDB evicts cached blocks and spills large operators to disk.
 * `SERVOLAB_DB_MEMORY` (DuckDB's syntax, e.g. `512MB`, `4GB`) overrides it.
 */
export function databaseMemoryLimit(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.SERVOLAB_DB_MEMORY?.trim();
  if (given) {
    if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(given)) throw new LabError('usage', `SERVOLAB_DB_MEMORY must be a size like 512MB or 4GB, got "${given}"`);
    return given;
  }
  const quarter = Math.floor(totalmem() / 4 / 2 ** 20);
  return `${Math.min(2048, Math.max(256, quarter))}MiB`;
}
