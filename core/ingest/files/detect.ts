import { basename, extname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LabError } from '../../model';
import { chooseRoles, tableNameFor, timestampColumn } from './mapping';
import { describeJsonLines, describeParquet, detectTimeFormat, numericLookingColumns, preview } from './sample';
import { openSensorLogger, readMetadata, sensorLoggerParts } from './sensor-logger';
import { detectKind, sniffCsv, type KindInfo } from './sniff';
import type { FilePart, ImportOptions, ImportPlan } from './types';

/**
 * Detection: what the file is, how DuckDB must read it, which columns mean what, and a preview.
 * The plan it returns is what a UI shows for confirmation and what `importFile` executes; the
 * options (or CLI flags) override any guess.
 */
export async function planImport(con: DuckDBConnection, path: string, options: ImportOptions = {}): Promise<ImportPlan> {
  const info = detectKind(path);
  const format = options.table !== undefined ? 'table' : (options.format ?? 'auto');
  const name = basename(path);
  const stem = basename(name.replace(/\.gz$/i, ''), extname(name.replace(/\.gz$/i, '')));
  const timeZone = await checkTimeZone(con, options.timeZone ?? 'UTC');
  const warnings: string[] = [];
  const base = { path, name, timeZone, units: options.units ?? {}, warnings, cleanup: [] as string[] };

  if (info.kind === 'folder' || info.kind === 'zip' || format === 'sensorlogger') {
    if (format !== 'auto' && format !== 'sensorlogger') throw new LabError('usage', `${name} is a ${info.kind}; only --format sensorlogger reads it`);
    if (info.kind !== 'folder' && info.kind !== 'zip') throw new LabError('invalid_input', `--format sensorlogger needs a zip or a folder, and ${name} is a ${info.kind} file`);
    const folder = openSensorLogger(path, info.kind);
    if (folder.extracted) base.cleanup.push(folder.extracted);
    const meta = await readMetadata(con, folder.files);
    const device = options.machineName ?? meta.device ?? stem;
    const parts = await sensorLoggerParts(con, path, folder, options, device, warnings);
    if (meta.timeZone) warnings.push(`recorded in time zone ${meta.timeZone}; times are epoch nanoseconds, stored as UTC`);
    return { ...base, format: 'sensorlogger', target: 'readings', table: null, recognized: 'sensorlogger', timeZone, parts, preview: await preview(con, parts[0]!) };
  }

  const part = await describePart(con, path, name, info, format, options.delimiter);
  // Lines before the table (an export's title, a comment block) are not data: say they were left out.
  const skipped = part.dialect?.skip ?? 0;
  if (skipped > 0) warnings.push(`the first ${skipped} line${skipped === 1 ? '' : 's'} of ${name} precede the table and were not imported`);
  const asTable = format === 'table' || (format === 'auto' && timestampColumn(part.columns, options) === null);
  if (asTable) {
    if (format === 'auto' && part.columns.length < 2) {
      throw new LabError('invalid_input', `${name}: found a single column and no timestamp; pass --delimiter C (or --format table to import it as a table)`);
    }
    if (format === 'auto') warnings.push(`no timestamp column: importing ${name} as a training table`);
    const table = options.table ?? tableNameFor(stem);
    warnDuplicateColumns(part.columns.map((c) => c.name), warnings);
    return { ...base, format: 'table', target: 'table', table, recognized: null, parts: [part], preview: await preview(con, part) };
  }
  if ((await preview(con, part, 1)).rows.length === 0) throw new LabError('invalid_input', `${name} has a header but no data rows`);
  part.columns = await numericLookingColumns(con, part, warnings);
  warnDuplicateColumns(part.columns.map((c) => c.name), warnings);
  const roles = chooseRoles(part.columns, options, options.machineName ?? stem, part.dialect?.delimiter ?? null);
  const timeFormat = await detectTimeFormat(con, part, roles.timestamp, options.timeFormat, part.timePattern);
  const filePart: FilePart = { ...part, mapping: { timestamp: roles.timestamp.name, timeFormat, machine: roles.machine, values: roles.values } };
  return {
    ...base,
    format: part.format,
    target: 'readings',
    table: null,
    recognized: roles.recognized,
    parts: [filePart],
    preview: await preview(con, filePart),
  };
}

type DescribedPart = FilePart & { timePattern: string | null };

async function describePart(con: DuckDBConnection, path: string, name: string, info: KindInfo, format: string, delimiter?: string): Promise<DescribedPart> {
  const wanted = format === 'auto' || format === 'table' ? info.kind : format;
  if (wanted !== info.kind) throw new LabError('invalid_input', `${name} does not look like ${format} (it looks like ${info.kind})`);
  if (info.kind === 'parquet') {
    return { path, label: name, format: 'parquet', dialect: null, columns: await describeParquet(con, path, name), mapping: null, timePattern: null };
  }
  if (info.kind === 'jsonl') {
    const dialect = { delimiter: '', quote: '', escape: '', newline: '\\n', header: false, skip: 0, comment: '', decimal: '.' as const, gzip: info.gzip, encoding: info.encoding };
    const part: DescribedPart = { path, label: name, format: 'jsonl', dialect, columns: [], mapping: null, timePattern: null };
    part.columns = await describeJsonLines(con, part);
    if (part.columns.length === 0) throw new LabError('invalid_input', `${name} holds no JSON objects with named fields`);
    return part;
  }
  const sniff = await sniffCsv(con, path, info, delimiter);
  if (sniff.columns.length === 0) throw new LabError('invalid_input', `${name} has no columns`);
  return { path, label: name, format: 'csv', dialect: sniff.dialect, columns: sniff.columns, mapping: null, timePattern: sniff.timePattern };
}

function warnDuplicateColumns(names: readonly string[], warnings: string[]): void {
  const seen = new Set(names);
  for (const n of names) {
    const m = /^(.*)_(\d+)$/.exec(n);
    if (m && seen.has(m[1]!)) warnings.push(`duplicate column name "${m[1]}": the repeat is named "${n}"`);
  }
}

/** Checks a zone name against DuckDB's (ICU) list, so a typo fails before any reading. */
async function checkTimeZone(con: DuckDBConnection, zone: string): Promise<string> {
  if (zone === 'UTC') return zone;
  const reader = await con.runAndReadAll(`SELECT name FROM pg_timezone_names() WHERE lower(name) = lower($zone) LIMIT 1`, { zone });
  const hit = reader.getRowsJS()[0]?.[0];
  if (typeof hit !== 'string') throw new LabError('usage', `unknown time zone "${zone}" (use an IANA name like Europe/Berlin)`);
  return hit;
}
