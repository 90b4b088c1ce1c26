import type { DuckDBConnection } from '@duckdb/node-api';
import { LabError } from '../model';

/**
 * Keeps a console query inside the workspace: DuckDB would otherwise let a SELECT read any file
 * the process can (`read_csv('/etc/…')`, `FROM 'x.parquet'`) or the environment (`getenv`), which
 * a browser-mode page or a LAN client must not. The statement's parse tree (DuckDB's own
 * `json_serialize_sql`) is walked: table functions must be on a short list of generators, base
 * tables must not name a path or URL (DuckDB's replacement scans), and a few scalar functions that
 * reach outside are refused.
 */
const TABLE_FUNCTIONS = new Set(['range', 'generate_series', 'unnest']);
const OUTSIDE_FUNCTIONS = new Set(['getenv', 'current_setting', 'read_text', 'read_blob']);

export async function assertWorkspaceOnly(con: DuckDBConnection, sql: string): Promise<void> {
  // json_serialize_sql handles SELECT only: check what an EXPLAIN explains.
  const inner = sql.replace(/^\s*explain(\s+analy[sz]e)?\s+/i, '');
  const reader = await con.runAndReadAll('SELECT json_serialize_sql($sql::VARCHAR)', { sql: inner });
  const tree = JSON.parse(String(reader.getRows()[0]![0])) as { error: boolean; error_message?: string; statements?: unknown[] };
  // Only SELECTs serialise; everything else is refused as a write before DuckDB binds it.
  if (tree.error) throw new LabError('invalid_input', 'the SQL console is read-only: only SELECT (and EXPLAIN) statements are allowed');
  visit(tree.statements);
}

function visit(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) visit(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const n = node as Record<string, unknown>;
  if (n.type === 'TABLE_FUNCTION') {
    const name = String((n.function as { function_name?: unknown } | undefined)?.function_name ?? '').toLowerCase();
    if (!TABLE_FUNCTIONS.has(name)) refuse(`table function ${name}() reads outside the workspace`);
  }
  if (n.type === 'BASE_TABLE' && /[./\\:]/.test(String(n.table_name ?? ''))) refuse(`"${String(n.table_name).slice(0, 80)}" is a file or URL, not a workspace table`);
  if (n.class === 'FUNCTION' && OUTSIDE_FUNCTIONS.has(String(n.function_name ?? '').toLowerCase())) refuse(`${String(n.function_name)}() reads outside the workspace`);
  for (const value of Object.values(n)) if (typeof value === 'object') visit(value);
}

function refuse(reason: string): never {
  throw new LabError('invalid_input', `the SQL console reads only the workspace: ${reason}`);
}
