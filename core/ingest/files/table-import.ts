import type { DuckDBConnection } from '@duckdb/node-api';
import { LabError } from '../../model';
import { sqlIdentifier, sqlString } from '../../store/series';
import { quarantineReaderRejects } from './file-quarantine';
import type { RejectTables } from './part-sql';
import { csvColumnsOption, csvReaderOptions, duckdbMessage } from './sniff';
import type { ColumnInfo, FilePart } from './types';

/**
 * A tabular data set without a time column (AI4I 2020 and the like) becomes a training table in
 * the `training` schema: column names exactly as in the file (byte-order mark stripped by the
 * reader), the types DuckDB detected, lines that do not fit those types in quarantine. Runs inside
 * the import's transaction; `training_tables` registers it for the models issue.
 */
export const TRAINING_SCHEMA = 'training';

export function trainingTableSql(name: string): string {
  return `${TRAINING_SCHEMA}.${sqlIdentifier(name)}`;
}

export function checkTableName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 128) throw new LabError('usage', '--table needs a name of 1 to 128 characters');
  return trimmed;
}

export async function tableExists(con: DuckDBConnection, name: string): Promise<boolean> {
  const reader = await con.runAndReadAll(`SELECT count(*) FROM training_tables WHERE name = $name`, { name });
  return Number(reader.getRowsJS()[0]![0]) > 0;
}

function tableSource(part: FilePart, rejects: RejectTables): string {
  if (part.format === 'parquet') return `read_parquet(${sqlString(part.path)})`;
  if (part.format === 'jsonl') {
    const d = part.dialect!;
    return `read_json(${sqlString(part.path)}, format = 'newline_delimited', compression = ${d.gzip ? "'gzip'" : "'uncompressed'"})`;
  }
  const columns = csvColumnsOption(part.columns, (c) => c.type);
  return `read_csv(${sqlString(part.path)}, ${csvReaderOptions(part.dialect!)}, ${columns},
    store_rejects = true, rejects_table = ${sqlString(rejects.table)}, rejects_scan = ${sqlString(rejects.scan)})`;
}

export interface TableImportResult {
  rows: number;
  quarantined: number;
  columns: ColumnInfo[];
}

/** Creates (or, with `replace`, replaces) the table and registers it; the caller's transaction commits. */
export async function importTable(
  con: DuckDBConnection,
  part: FilePart,
  name: string,
  importId: number,
  source: string,
  rejects: RejectTables,
  replace: boolean,
): Promise<TableImportResult> {
  if (replace) {
    await con.run(`DROP TABLE IF EXISTS ${trainingTableSql(name)}`);
    await con.run(`DELETE FROM training_tables WHERE name = $name`, { name });
  }
  try {
    await con.run(`CREATE TABLE ${trainingTableSql(name)} AS SELECT * FROM ${tableSource(part, rejects)}`);
  } catch (e) {
    if (e instanceof LabError) throw e;
    throw new LabError('invalid_input', `cannot import ${part.label} as a table: ${duckdbMessage(e)}`);
  }
  const quarantined = part.format === 'csv' ? await quarantineReaderRejects(con, source, part, rejects) : 0;
  const rows = Number((await con.runAndReadAll(`SELECT count(*) FROM ${trainingTableSql(name)}`)).getRowsJS()[0]![0]);
  const described = await con.runAndReadAll(`DESCRIBE ${trainingTableSql(name)}`);
  const columns = described.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  await con.run(
    `INSERT INTO training_tables VALUES ($name, $id, $source, $rows, $columns::JSON, make_timestamp(epoch_us(now())))`,
    { name, id: importId, source: part.path, rows, columns: JSON.stringify(columns) },
  );
  return { rows, quarantined, columns };
}

export interface TrainingTable {
  name: string;
  importId: number;
  source: string;
  rows: number;
  columns: ColumnInfo[];
}

export async function listTrainingTables(con: DuckDBConnection): Promise<TrainingTable[]> {
  const reader = await con.runAndReadAll(`SELECT name, import_id, source, rows, columns::VARCHAR AS columns FROM training_tables ORDER BY name`);
  return reader.getRowObjectsJS().map((r) => ({
    name: String(r.name),
    importId: Number(r.import_id),
    source: String(r.source),
    rows: Number(r.rows),
    columns: JSON.parse(String(r.columns)) as ColumnInfo[],
  }));
}
