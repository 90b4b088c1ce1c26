import type { DuckDBConnection } from '@duckdb/node-api';
import { LabError } from '../../model';
import { sqlIdentifier, sqlString } from '../../store/series';
import { jsonLinesFrom } from './part-sql';
import { csvColumnsOption, csvReaderOptions, duckdbMessage } from './sniff';
import { CANDIDATE_PATTERNS, epochUnitFor, isNumericType, isTemporalType, parseTimeFormat, type TimeFormat } from './time-format';
import type { ColumnInfo, FilePart, Preview } from './types';

/**
 * The first rows of a part as text (every column VARCHAR, rows the reader cannot split skipped):
 * what the preview shows and what timestamp-format detection tests candidate formats on.
 */
export function sampleSql(part: FilePart, limit: number): string {
  const cols = part.columns;
  if (part.format === 'csv') {
    const columns = csvColumnsOption(cols, () => 'VARCHAR');
    return `SELECT * FROM read_csv(${sqlString(part.path)}, ${csvReaderOptions(part.dialect!)}, ${columns}, ignore_errors = true, null_padding = true) LIMIT ${limit}`;
  }
  if (part.format === 'jsonl') {
    const list = cols.map((c) => `(src.j->>${sqlString(c.name)}) AS ${sqlIdentifier(c.name)}`).join(', ');
    return `SELECT ${list} FROM ${jsonLinesFrom(part, null)} src WHERE json_type(src.j) = 'OBJECT' LIMIT ${limit}`;
  }
  const list = cols.map((c) => `src.${sqlIdentifier(c.name)}::VARCHAR AS ${sqlIdentifier(c.name)}`).join(', ');
  return `SELECT ${list} FROM read_parquet(${sqlString(part.path)}) src LIMIT ${limit}`;
}

export async function preview(con: DuckDBConnection, part: FilePart, limit = 10): Promise<Preview> {
  try {
    const reader = await con.runAndReadAll(sampleSql(part, limit));
    const rows = reader.getRowsJS().map((row) => row.map((v) => (v === null || v === undefined ? null : String(v))));
    return { columns: part.columns.map((c) => c.name), rows };
  } catch (e) {
    throw new LabError('invalid_input', `cannot read ${part.label}: ${duckdbMessage(e)}`);
  }
}

/**
 * The keys of the JSON objects among the first lines and their types, by DuckDB's
 * json_group_structure (malformed lines and non-objects are skipped, not fatal). Keys whose
 * values mix types come back as JSON.
 */
export async function describeJsonLines(con: DuckDBConnection, part: FilePart): Promise<ColumnInfo[]> {
  try {
    const reader = await con.runAndReadAll(
      `SELECT json_group_structure(j)::VARCHAR FROM (SELECT src.j FROM ${jsonLinesFrom(part, null)} src WHERE json_type(src.j) = 'OBJECT' LIMIT 20480)`,
    );
    const structure = reader.getRowsJS()[0]?.[0];
    if (typeof structure !== 'string') return [];
    return Object.entries(JSON.parse(structure) as Record<string, unknown>).map(([name, type]) => ({ name, type: typeof type === 'string' ? type : 'JSON' }));
  } catch (e) {
    throw new LabError('invalid_input', `cannot read ${part.label}: ${duckdbMessage(e)}`);
  }
}

export async function describeParquet(con: DuckDBConnection, path: string, label: string): Promise<ColumnInfo[]> {
  try {
    const reader = await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
    return reader.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  } catch (e) {
    throw new LabError('invalid_input', `cannot read ${label}: ${duckdbMessage(e)}`);
  }
}

/**
 * The format of the timestamp column: the user's, else decided from the type DuckDB gave it and a
 * sample of its values (epoch unit by magnitude; for text, ISO or the first candidate pattern that
 * parses every sampled value).
 */
export async function detectTimeFormat(con: DuckDBConnection, part: FilePart, column: ColumnInfo, given: string | undefined, sniffedPattern: string | null): Promise<TimeFormat> {
  if (given !== undefined) return parseTimeFormat(given);
  if (isTemporalType(column.type)) return sniffedPattern && part.format === 'csv' ? { kind: 'pattern', pattern: sniffedPattern } : { kind: 'iso' };
  const values = `(SELECT ${sqlIdentifier(column.name)} AS x FROM (${sampleSql(part, 1000)}) WHERE ${sqlIdentifier(column.name)} IS NOT NULL AND trim(${sqlIdentifier(column.name)}) <> '')`;
  const one = async (sql: string) => (await con.runAndReadAll(sql)).getRowsJS()[0] ?? [];
  if (isNumericType(column.type) || part.format === 'jsonl') {
    const [n, numeric, magnitude] = await one(`SELECT count(*), count(TRY_CAST(x AS DOUBLE)), median(abs(TRY_CAST(x AS DOUBLE))) FROM ${values}`);
    if (Number(n) > 0 && Number(numeric) === Number(n)) return { kind: 'epoch', unit: epochUnitFor(Number(magnitude)) };
  }
  const checks = ['TRY_CAST(x AS TIMESTAMPTZ)', ...CANDIDATE_PATTERNS.map((p) => `try_strptime(x, ${sqlString(p)})`)];
  const counts = await one(`SELECT count(*), ${checks.map((c) => `count(${c})`).join(', ')} FROM ${values}`);
  const total = Number(counts[0] ?? 0);
  if (total === 0) throw new LabError('invalid_input', `the timestamp column "${column.name}" of ${part.label} has no values in its first rows`);
  // The format that reads the most sampled values wins, if it reads at least half of them: the
  // values it cannot read are then quarantined line by line, not the whole file refused.
  let best = -1;
  for (let k = 0; k < checks.length; k++) if (best < 0 || Number(counts[k + 1]) > Number(counts[best + 1])) best = k;
  if (Number(counts[best + 1]) * 2 >= total) return best === 0 ? { kind: 'iso' } : { kind: 'pattern', pattern: CANDIDATE_PATTERNS[best - 1]! };
  const [example] = await one(`SELECT x FROM ${values} WHERE TRY_CAST(x AS TIMESTAMPTZ) IS NULL LIMIT 1`);
  throw new LabError('invalid_input', `cannot tell the time format of column "${column.name}" (e.g. "${String(example).slice(0, 40)}"); pass --time-format`);
}

/**
 * DuckDB's sniffer types a column VARCHAR when a single sampled value is not a number; such a
 * column is still a sensor when most of its sampled values are numbers (the others are then
 * quarantined line by line instead of the whole column being ignored). Returns the columns
 * retyped DOUBLE, with a warning for each.
 */
export async function numericLookingColumns(con: DuckDBConnection, part: FilePart, warnings: string[]): Promise<ColumnInfo[]> {
  const text = part.columns.filter((c) => c.type === 'VARCHAR' || c.type === 'JSON');
  if (text.length === 0 || part.format === 'parquet') return part.columns;
  const comma = part.dialect?.decimal === ',';
  const cast = (x: string) => `TRY_CAST(${comma ? `replace(${x}, ',', '.')` : x} AS DOUBLE)`;
  const exprs = text.flatMap((c) => {
    const x = `NULLIF(trim(${sqlIdentifier(c.name)}), '')`;
    return [`count(${x})`, `count(${cast(x)})`];
  });
  const counts = (await con.runAndReadAll(`SELECT ${exprs.join(', ')} FROM (${sampleSql(part, 1000)})`)).getRowsJS()[0] ?? [];
  const numeric = new Set<string>();
  text.forEach((c, i) => {
    const present = Number(counts[2 * i]);
    const numbers = Number(counts[2 * i + 1]);
    if (present > 0 && numbers >= present * 0.5 && numbers < present) {
      numeric.add(c.name);
      warnings.push(`column "${c.name}" holds ${present - numbers} non-numeric value(s) in its first rows; those lines go to quarantine`);
    }
  });
  return part.columns.map((c) => (numeric.has(c.name) ? { name: c.name, type: 'DOUBLE' } : c));
}
