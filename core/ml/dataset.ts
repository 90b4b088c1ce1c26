import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LabError, firstLineOf } from '../model';
import { sqlIdentifier, sqlString } from '../store/series';
import { trainingTableSql } from '../ingest/files/table-import';
import { validateDerived, wrapped } from './derive';
import type { Dataset, DerivedFeature, Encoding, Matrix, Task } from './types';

/**
 * Builds typed-array column matrices from a CSV file or a workspace training table, read through
 * DuckDB in a READ ONLY transaction that is always rolled back. Numeric columns become Float64Array
 * (NULL → NaN); text and other columns become category codes (sorted categories, kept with the
 * model so prediction encodes the same way). The label decides the task: two distinct values →
 * binary classification, more numeric values → regression.
 */
export type DataSource = { kind: 'csv'; path: string } | { kind: 'table'; name: string };

export interface DatasetSpec {
  label: string;
  drop?: readonly string[];
  derive?: readonly DerivedFeature[];
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*|BOOLEAN)$/;

export function describeSource(source: DataSource): string {
  return source.kind === 'csv' ? source.path : `training.${source.name}`;
}

async function fromClause(con: DuckDBConnection, source: DataSource): Promise<string> {
  if (source.kind === 'csv') {
    if (!existsSync(source.path)) throw new LabError('not_found', `file not found: ${source.path}`);
    return `read_csv(${sqlString(source.path)}, header = true)`;
  }
  const r = await con.runAndReadAll(`SELECT count(*) FROM training_tables WHERE name = $name`, { name: source.name });
  if (Number(r.getRowsJS()[0]![0]) === 0) throw new LabError('not_found', `no training table "${source.name}" in the workspace (import its file first)`);
  return trainingTableSql(source.name);
}

async function readOnly<T>(con: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await con.run('BEGIN TRANSACTION READ ONLY');
  try {
    return await fn();
  } catch (e) {
    if (e instanceof LabError) throw e;
    throw new LabError('invalid_input', firstLineOf(e).slice(0, 300));
  } finally {
    await con.run('ROLLBACK').catch(() => undefined);
  }
}

interface Column {
  name: string;
  type: string;
}

/** Reads the listed columns and derived expressions; numeric → DOUBLE, others → VARCHAR. */
async function readColumns(con: DuckDBConnection, from: string, columns: Column[], derived: readonly DerivedFeature[]): Promise<unknown[][]> {
  for (const d of derived) await validateDerived(con, d);
  const select = [
    ...columns.map((c) => `CAST(${sqlIdentifier(c.name)} AS ${NUMERIC.test(c.type) ? 'DOUBLE' : 'VARCHAR'})`),
    ...derived.map((d) => `CAST(${wrapped(d.expression)} AS DOUBLE)`),
  ];
  return readOnly(con, async () => {
    const reader = await con.runAndReadAll(`SELECT ${select.join(', ')} FROM ${from}`);
    return reader.getColumnsJS() as unknown[][];
  });
}

async function describe(con: DuckDBConnection, from: string): Promise<Column[]> {
  return readOnly(con, async () => {
    const r = await con.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`);
    return r.getRowObjectsJS().map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  });
}

function toNumbers(values: unknown[]): Float64Array {
  return Float64Array.from(values, (v) => (v === null || v === undefined ? NaN : Number(v)));
}

function encode(values: unknown[], categories?: string[]): { column: Float64Array; categories: string[] } {
  const cats = categories ?? [...new Set(values.filter((v) => v !== null).map(String))].sort();
  const code = new Map(cats.map((c, i) => [c, i]));
  return { column: Float64Array.from(values, (v) => (v === null ? NaN : (code.get(String(v)) ?? NaN))), categories: cats };
}

function labelOf(values: unknown[], type: string, label: string): { y: Float64Array; task: Task; classes?: [string, string]; keep: Int32Array } {
  const keepList: number[] = [];
  values.forEach((v, i) => v !== null && v !== undefined && keepList.push(i));
  const keep = Int32Array.from(keepList);
  const present = Array.from(keep, (i) => values[i]!);
  const distinct = [...new Set(present.map(String))];
  if (distinct.length < 2) throw new LabError('invalid_input', `label "${label}" has fewer than two distinct values`);
  const numeric = NUMERIC.test(type);
  if (numeric && distinct.length > 2) return { y: toNumbers(present), task: 'regression', keep };
  if (distinct.length > 2) throw new LabError('invalid_input', `label "${label}" has ${distinct.length} classes; only two-class labels or numeric targets are supported`);
  // Positive class: the larger of two numbers (1 = failure), 'true', else the rarer text value.
  let positive: string;
  if (numeric) positive = String(Math.max(...distinct.map(Number)));
  else {
    const count = (c: string) => present.filter((v) => String(v) === c).length;
    positive = distinct.includes('true') ? 'true' : count(distinct[0]!) <= count(distinct[1]!) ? distinct[0]! : distinct[1]!;
  }
  const negative = distinct.find((c) => c !== positive)!;
  return { y: Float64Array.from(present, (v) => (String(v) === positive ? 1 : 0)), task: 'classification', classes: [negative, positive], keep };
}

export async function loadDataset(con: DuckDBConnection, source: DataSource, spec: DatasetSpec): Promise<Dataset> {
  const from = await fromClause(con, source);
  const all = await describe(con, from);
  const names = new Set(all.map((c) => c.name));
  const labelColumn = all.find((c) => c.name === spec.label);
  if (!labelColumn) throw new LabError('invalid_input', `no label column "${spec.label}" (columns: ${all.map((c) => c.name).join(', ')})`);
  for (const d of spec.drop ?? []) if (!names.has(d)) throw new LabError('invalid_input', `cannot drop "${d}": no such column`);
  const derive = spec.derive ?? [];
  for (const d of derive) if (names.has(d.name) || derive.filter((o) => o.name === d.name).length > 1) throw new LabError('invalid_input', `derived feature name "${d.name}" is already taken`);
  const features = all.filter((c) => c.name !== spec.label && !(spec.drop ?? []).includes(c.name));
  if (features.length + derive.length === 0) throw new LabError('invalid_input', 'no features left after dropping columns');
  const raw = await readColumns(con, from, [labelColumn, ...features], derive);
  const label = labelOf(raw[0]!, labelColumn.type, spec.label);
  const pick = (values: unknown[]) => Array.from(label.keep, (i) => values[i]);
  const encodings: Encoding[] = [];
  const columns = raw.slice(1).map((values, k) => {
    const kept = pick(values);
    const column = features[k];
    if (column && !NUMERIC.test(column.type)) {
      const e = encode(kept);
      encodings.push({ feature: column.name, categories: e.categories });
      return e.column;
    }
    return toNumbers(kept);
  });
  return {
    names: [...features.map((c) => c.name), ...derive.map((d) => d.name)],
    columns,
    rows: label.keep.length,
    label: spec.label,
    task: label.task,
    y: label.y,
    classes: label.classes,
    encodings,
    derived: [...derive],
    rowsRead: raw[0]!.length,
    rowsSkipped: raw[0]!.length - label.keep.length,
    source: describeSource(source),
  };
}

/** The feature matrix a stored model needs, computed the same way from new data. */
export async function loadFeatures(
  con: DuckDBConnection,
  source: DataSource,
  need: { features: string[]; derived: DerivedFeature[]; encodings: Encoding[]; label?: string },
): Promise<{ x: Matrix; label?: unknown[] }> {
  const from = await fromClause(con, source);
  const all = await describe(con, from);
  const derivedNames = new Set(need.derived.map((d) => d.name));
  const rawNames = need.features.filter((f) => !derivedNames.has(f));
  const columns = rawNames.map((name) => {
    const c = all.find((a) => a.name === name);
    if (!c) throw new LabError('invalid_input', `the data has no column "${name}" the model needs`);
    return c;
  });
  const labelColumn = need.label === undefined ? undefined : all.find((a) => a.name === need.label);
  const raw = await readColumns(con, from, labelColumn ? [...columns, labelColumn] : columns, need.derived);
  const labelValues = labelColumn ? raw.splice(columns.length, 1)[0] : undefined;
  const byName = new Map<string, Float64Array>();
  columns.forEach((c, k) => {
    const enc = need.encodings.find((e) => e.feature === c.name);
    byName.set(c.name, enc ? encode(raw[k]!, enc.categories).column : toNumbers(raw[k]!));
  });
  need.derived.forEach((d, k) => byName.set(d.name, toNumbers(raw[columns.length + k]!)));
  const rows = raw[0]?.length ?? 0;
  return { x: { names: need.features, columns: need.features.map((f) => byName.get(f)!), rows }, label: labelValues };
}
