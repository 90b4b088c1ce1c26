import { sqlIdentifier, sqlString } from '../../store/series';
import { csvColumnsOption, csvReaderOptions } from './sniff';
import { describeTimeFormat, epochMicrosSql, readerTypeFor } from './time-format';
import type { FilePart, SeriesMapping } from './types';

/**
 * The SQL that reads one file part with DuckDB's own readers and turns its rows into the staging
 * shape every format shares: `ts` (epoch µs), `machine`, the values, and `bad` (why a row cannot
 * be used, NULL when it can; '' for a blank JSON line, which is not a record).
 */
export interface RejectTables {
  table: string;
  scan: string;
}

/** Cells that mean "no value": an empty cell is not a reading, and is counted, not quarantined. */
const NULL_STRINGS = ['', 'NA', 'N/A', 'NULL', 'null', 'None'];
/** A control character no valid JSON text contains raw: splits JSON lines into one column. */
const JSON_LINE_DELIMITER = '\u0001';

function rejectsOption(rejects: RejectTables | null): string {
  return rejects ? `, store_rejects = true, rejects_table = ${sqlString(rejects.table)}, rejects_scan = ${sqlString(rejects.scan)}` : '';
}

/** JSON lines are split by the CSV reader (one VARCHAR per line) and parsed by DuckDB's JSON functions. */
export function jsonLinesFrom(part: FilePart, rejects: RejectTables | null): string {
  const d = part.dialect!;
  return `(SELECT line, TRY_CAST(line AS JSON) AS j FROM read_csv(${sqlString(part.path)}, auto_detect = false, header = false,
      columns = {'line': 'VARCHAR'}, delim = ${sqlString(JSON_LINE_DELIMITER)}, quote = '', escape = '', new_line = ${sqlString(d.newline)},
      compression = ${d.gzip ? "'gzip'" : "'none'"}, encoding = ${sqlString(d.encoding)}${rejectsOption(rejects)}))`;
}

/** The type the reader gives each column of a CSV time-series part. */
function csvReaderType(part: FilePart, mapping: SeriesMapping, name: string, sniffed: string): string {
  if (name === mapping.timestamp) return readerTypeFor(mapping.timeFormat, sniffed);
  const v = mapping.values;
  if (v.layout === 'wide' && v.sensors.some((s) => s.column === name)) return 'DOUBLE';
  if (v.layout === 'long' && v.valueColumn === name) return 'DOUBLE';
  return 'VARCHAR'; // never rejects a row for a column that is not imported
}

/** FROM clause for a time-series part, aliased `src`. */
export function seriesFrom(part: FilePart, rejects: RejectTables | null): string {
  const mapping = part.mapping!;
  if (part.format === 'parquet') return `read_parquet(${sqlString(part.path)}) src`;
  if (part.format === 'jsonl') return `${jsonLinesFrom(part, rejects)} src`;
  const columns = csvColumnsOption(part.columns, (c) => csvReaderType(part, mapping, c.name, c.type));
  const nulls = `nullstr = [${NULL_STRINGS.map(sqlString).join(', ')}]`;
  return `read_csv(${sqlString(part.path)}, ${csvReaderOptions(part.dialect!)}, ${columns}, ${nulls}${rejectsOption(rejects)}) src`;
}

/** A column's value as read: a typed column for CSV/Parquet, the JSON member's text for JSON lines. */
function columnSql(part: FilePart, name: string): string {
  if (part.format !== 'jsonl') return `src.${sqlIdentifier(name)}`;
  // A key starting with $ or / would be read as a JSON path: address it as a quoted path then.
  const path = /^[$/]/.test(name) ? `$."${name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : name;
  return `(src.j->>${sqlString(path)})`;
}

function columnType(part: FilePart, name: string): string {
  if (part.format === 'jsonl') return 'VARCHAR';
  const mapping = part.mapping!;
  const sniffed = part.columns.find((c) => c.name === name)?.type ?? 'VARCHAR';
  return part.format === 'csv' ? csvReaderType(part, mapping, name, sniffed) : sniffed;
}

/** Number of value columns staged: one per sensor (wide) or one (long). */
export function stagedValueCount(mapping: SeriesMapping): number {
  return mapping.values.layout === 'wide' ? mapping.values.sensors.length : 1;
}

/** CREATE TEMP TABLE … AS the staging rows of a time-series part, in file order. */
export function stageSql(part: FilePart, stage: string, rejects: RejectTables | null, zone: string): string {
  const m = part.mapping!;
  const ts = columnSql(part, m.timestamp);
  const inner: string[] = [
    `${epochMicrosSql(ts, columnType(part, m.timestamp), m.timeFormat, zone)} AS ts`,
    `${ts}::VARCHAR AS ts_src`,
    'name' in m.machine ? `${sqlString(m.machine.name)} AS machine` : `NULLIF(trim(${columnSql(part, m.machine.column)}::VARCHAR), '') AS machine`,
  ];
  const outer = ['ts', 'machine'];
  const checks: string[] = [];
  if (part.format === 'jsonl') {
    inner.push(`src.line IS NULL OR trim(src.line) = '' AS blank`, `src.j IS NULL AS malformed`, `json_type(src.j) <> 'OBJECT' AS not_object`);
    checks.push(`WHEN blank THEN ''`, `WHEN malformed THEN 'malformed JSON'`, `WHEN not_object THEN 'not a JSON object'`);
  }
  checks.push(
    `WHEN ts IS NULL AND ts_src IS NULL THEN 'missing timestamp'`,
    `WHEN ts IS NULL THEN 'unparseable timestamp "' || left(ts_src, 80) || '" (format ${describeTimeFormat(m.timeFormat).replaceAll("'", "''")})'`,
    `WHEN machine IS NULL THEN 'missing machine'`,
  );
  const valueColumns = m.values.layout === 'wide' ? m.values.sensors.map((s) => s.column) : [m.values.valueColumn];
  valueColumns.forEach((name, k) => {
    const text = columnSql(part, name);
    inner.push(`TRY_CAST(${text} AS DOUBLE) AS v${k}`);
    outer.push(`v${k}`);
    if (columnType(part, name) !== 'DOUBLE' && !/INT|FLOAT|DOUBLE|DECIMAL|REAL/i.test(columnType(part, name))) {
      inner.push(`${text}::VARCHAR AS t${k}`);
      checks.push(`WHEN v${k} IS NULL AND t${k} IS NOT NULL AND trim(t${k}) NOT IN (${NULL_STRINGS.map(sqlString).join(', ')})
        THEN 'value of ${name.replaceAll("'", "''")} is not a number: "' || left(t${k}, 80) || '"'`);
    }
  });
  if (m.values.layout === 'long') {
    inner.push(`NULLIF(trim(${columnSql(part, m.values.sensorColumn)}::VARCHAR), '') AS sensor`);
    outer.push('sensor');
    checks.push(`WHEN sensor IS NULL THEN 'missing sensor name'`);
  }
  return `CREATE TEMP TABLE ${stage} AS
    SELECT ${outer.join(', ')}, CASE ${checks.join(' ')} END AS bad
    FROM (SELECT ${inner.join(', ')} FROM ${seriesFrom(part, rejects)})`;
}
