import type { DuckDBConnection } from '@duckdb/node-api';
import { LabError } from '../model';
import type { Workspace } from '../store/workspace';
import { assertWorkspaceOnly } from './sql-guard';

/**
 * The SQL console (pgAdmin's role in the seeds): one read-only statement over the workspace.
 * Two locks: only statements DuckDB classifies as SELECT or EXPLAIN are accepted, and they run
 * inside a READ ONLY transaction that is always rolled back, so nothing a query does (a sequence's
 * nextval, EXPLAIN ANALYZE of an INSERT) can change the workspace. Long queries stop on `signal`.
 */
export interface SqlRequest {
  sql: string;
  /** Rows returned at most (default 10,000); `truncated` tells when the result had more. */
  maxRows?: number;
  signal?: AbortSignal;
  /**
   * Let the query read files and the environment (DuckDB's readers). Only the local CLI, run by
   * the machine's own user, sets it; a UI (browser mode, possibly on the LAN) never does.
   */
  allowOutsideReads?: boolean;
}

export interface SqlColumn {
  name: string;
  type: string;
}

export interface SqlResult {
  columns: SqlColumn[];
  /** JSON-safe cells: BIGINT beyond 2^53 as text, timestamps as ISO strings, blobs as hex. */
  rows: unknown[][];
  truncated: boolean;
  elapsedMs: number;
}

/** duckdb_statement_type values that only read (the C API's enum). */
const READ_ONLY_TYPES = new Map([
  [1, 'SELECT'],
  [4, 'EXPLAIN'],
]);

export async function runReadOnlySql(ws: Workspace, request: SqlRequest): Promise<SqlResult> {
  const maxRows = request.maxRows ?? 10_000;
  const text = request.sql.trim();
  if (text === '') throw new LabError('invalid_input', 'no SQL statement given');
  return ws.exclusive(async (con) => {
    const onAbort = () => con.interrupt();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const started = performance.now();
    let begun = false;
    try {
      // Checked before DuckDB binds the statement: binding alone would sniff a named file.
      const statement = await prepareOne(con, text, request.allowOutsideReads ? null : (one) => assertWorkspaceOnly(con, one));
      await con.run('BEGIN TRANSACTION READ ONLY');
      begun = true;
      const result = await statement.stream();
      const columns = result.columnNames().map((name, i) => ({ name, type: result.columnTypes()[i]!.toString() }));
      const rows: unknown[][] = [];
      let truncated = false;
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        if (request.signal?.aborted) throw new LabError('cancelled', 'query cancelled');
        for (const row of chunk.getRows()) {
          if (rows.length === maxRows) {
            truncated = true;
            break;
          }
          rows.push(row.map(jsonSafe));
        }
        if (truncated) break;
      }
      return { columns, rows, truncated, elapsedMs: performance.now() - started };
    } catch (e) {
      if (request.signal?.aborted) throw new LabError('cancelled', 'query cancelled');
      if (e instanceof LabError) throw e;
      throw new LabError('invalid_input', sqlMessage(e));
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
      if (begun) await con.run('ROLLBACK').catch(() => undefined);
    }
  });
}

async function prepareOne(con: DuckDBConnection, text: string, check: ((statement: string) => Promise<void>) | null) {
  let extracted;
  try {
    extracted = await con.extractStatements(text);
  } catch (e) {
    throw new LabError('invalid_input', sqlMessage(e));
  }
  if (extracted.count !== 1) throw new LabError('invalid_input', `give one statement at a time (got ${extracted.count})`);
  await check?.(text);
  let statement;
  try {
    statement = await extracted.prepare(0);
  } catch (e) {
    throw new LabError('invalid_input', sqlMessage(e));
  }
  const type = Number(statement.statementType);
  if (!READ_ONLY_TYPES.has(type)) {
    throw new LabError('invalid_input', 'the SQL console is read-only: only SELECT (and EXPLAIN) statements are allowed');
  }
  return statement;
}

function sqlMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.slice(0, 300);
}

/** Converts DuckDB values to what JSON (and the renderer's grid) can carry without loss. */
export function jsonSafe(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === 'object' && 'toString' in value && value.constructor !== Object) return String(value);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  return String(value);
}
