import type { DuckDBConnection } from '@duckdb/node-api';
import { LabError } from '../model';
import type { DerivedFeature } from './types';

/**
 * Derived features are DuckDB SQL expressions over a table's columns (identifiers double-quoted),
 * e.g. `power="Torque [Nm]" * "Rotational speed [rpm]" * 2 * pi() / 60`. User text reaches SQL
 * only as one validated expression: DuckDB's own parser (json_serialize_sql, given the text as a
 * bound parameter) must see exactly `SELECT (<expr>) AS __derived` with one select item, no FROM,
 * WHERE, GROUP BY, modifiers or CTEs, and no subquery or window function anywhere in it — a
 * closing parenthesis or comment smuggled into the text changes that shape and is refused. The
 * dataset query then embeds the same wrapped text and runs in a READ ONLY transaction.
 */
const NAME = /^[A-Za-z_][A-Za-z0-9_ .\-[\]]{0,63}$/;

export function parseDerive(spec: string): DerivedFeature {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new LabError('usage', `--derive needs NAME=EXPR (got "${spec}")`);
  const name = spec.slice(0, eq).trim();
  const expression = spec.slice(eq + 1).trim();
  if (!NAME.test(name)) throw new LabError('usage', `derived feature name "${name}" must start with a letter and use letters, digits, _ . - [ ] or spaces`);
  if (expression === '') throw new LabError('usage', `derived feature "${name}" has no expression`);
  return { name, expression };
}

export function wrapped(expression: string): string {
  return `(${expression})`;
}

interface SqlNode {
  [key: string]: unknown;
}

function findClass(node: unknown, classes: readonly string[]): string | undefined {
  if (Array.isArray(node)) {
    for (const n of node) {
      const hit = findClass(n, classes);
      if (hit) return hit;
    }
  } else if (node && typeof node === 'object') {
    const cls = (node as SqlNode).class;
    if (typeof cls === 'string' && classes.includes(cls)) return cls;
    for (const v of Object.values(node)) {
      const hit = findClass(v, classes);
      if (hit) return hit;
    }
  }
  return undefined;
}

export async function validateDerived(con: DuckDBConnection, feature: DerivedFeature): Promise<void> {
  const fail = (why: string): never => {
    throw new LabError('invalid_input', `derived feature "${feature.name}": ${why}`);
  };
  const reader = await con.runAndReadAll(`SELECT json_serialize_sql($sql::VARCHAR)`, { sql: `SELECT ${wrapped(feature.expression)} AS __derived` });
  const parsed = JSON.parse(String(reader.getRowsJS()[0]![0])) as SqlNode;
  if (parsed.error) fail(`not a valid expression (${String(parsed.error_message ?? 'parse error')})`);
  const statements = parsed.statements as { node: SqlNode }[];
  if (statements.length !== 1) fail('give one expression');
  const node = statements[0]!.node;
  const list = node.select_list as SqlNode[];
  const single =
    node.type === 'SELECT_NODE' &&
    list.length === 1 &&
    list[0]!.alias === '__derived' &&
    (node.from_table as SqlNode).type === 'EMPTY' &&
    node.where_clause === null &&
    (node.group_expressions as unknown[]).length === 0 &&
    (node.having ?? null) === null &&
    (node.qualify ?? null) === null &&
    (node.sample ?? null) === null &&
    (node.modifiers as unknown[]).length === 0 &&
    ((node.cte_map as { map: unknown[] }).map ?? []).length === 0;
  if (!single) fail('must be a single expression over the columns');
  const forbidden = findClass(list[0], ['SUBQUERY', 'WINDOW']);
  if (forbidden) fail(`${forbidden === 'SUBQUERY' ? 'subqueries' : 'window functions'} are not allowed (a feature is computed from its own row)`);
}
