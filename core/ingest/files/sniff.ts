import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LabError } from '../../model';
import { sqlString } from '../../store/series';
import type { ColumnInfo, CsvDialect } from './types';
import { isZip } from './zip';

/**
 * What a path holds, decided from its first bytes (not its name alone), and DuckDB's sniffing of
 * delimited text. Anything that is not text, Parquet, gzip or zip is refused here with a message
 * that says what the file looks like, before any reader touches it.
 */
export type FileKind = 'csv' | 'jsonl' | 'parquet' | 'zip' | 'folder';

export interface KindInfo {
  kind: FileKind;
  gzip: boolean;
  encoding: 'utf-8' | 'latin-1' | 'utf-16';
  bytes: number;
}

const HEAD_BYTES = 64 * 1024;

function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    return buffer.subarray(0, readSync(fd, buffer, 0, HEAD_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/** The decompressed start of a gzip file; a truncated stream still yields what it has. */
function gunzipHead(head: Buffer): Buffer {
  try {
    return gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH */ });
  } catch {
    throw new LabError('invalid_input', 'the gzip data is corrupt');
  }
}

export function detectKind(path: string): KindInfo {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new LabError('not_found', `file not found: ${path}`);
  }
  if (stat.isDirectory()) return { kind: 'folder', gzip: false, encoding: 'utf-8', bytes: 0 };
  const name = basename(path);
  if (stat.size === 0) throw new LabError('invalid_input', `${name} is empty`);
  let head = readHead(path);
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return { kind: 'parquet', gzip: false, encoding: 'utf-8', bytes: stat.size };
  if (isZip(head)) return { kind: 'zip', gzip: false, encoding: 'utf-8', bytes: stat.size };
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  if (gzip) {
    try {
      head = gunzipHead(head);
    } catch (e) {
      throw new LabError('invalid_input', `${name}: ${(e as Error).message}`);
    }
    if (head.length === 0) throw new LabError('invalid_input', `${name} is empty (after gunzip)`);
    if (head.subarray(0, 4).toString('latin1') === 'PAR1') throw new LabError('invalid_input', `${name}: gzipped Parquet is not supported; Parquet compresses itself`);
  }
  const encoding = textEncoding(head, name);
  const text = head.toString(encoding === 'utf-16' ? 'utf16le' : 'latin1').replace(/^\uFEFF|^ï»¿/, '').trimStart();
  const ext = extname(name.replace(/\.gz$/i, '')).toLowerCase();
  const jsonl = ext === '.jsonl' || ext === '.ndjson' || ext === '.json' || text.startsWith('{');
  return { kind: jsonl ? 'jsonl' : 'csv', gzip, encoding, bytes: stat.size };
}

/** Refuses binary content; tells UTF-8 from Latin-1 (and UTF-16 by its byte-order mark). */
function textEncoding(head: Buffer, name: string): KindInfo['encoding'] {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return 'utf-16';
  let control = 0;
  for (const b of head) {
    if (b === 0) throw new LabError('invalid_input', `${name} looks like a binary file (it contains NUL bytes), not CSV, JSON lines or Parquet`);
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (control > head.length * 0.01) {
    throw new LabError('invalid_input', `${name} looks like a binary file (${control} control bytes in its first ${head.length}), not CSV, JSON lines or Parquet`);
  }
  // A multi-byte character may be cut at the end of the head: decode without its last 3 bytes.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 3)));
    return 'utf-8';
  } catch {
    return 'latin-1';
  }
}

const EMPTY = '(empty)';
/**
 * Sniffing only: a huge line must not stop detection (reading keeps DuckDB's limit and rejects it).
 * DuckDB's read buffer is 16 × the line limit, so under a workspace's small memory cap the largest
 * limits cannot be allocated: each is tried in turn while the answer is "out of memory".
 */
const SNIFF_MAX_LINES = [64 << 20, 8 << 20, 1 << 20];

interface SniffRow {
  Delimiter: string;
  Quote: string;
  Escape: string;
  NewLineDelimiter: string;
  Comment: string;
  SkipRows: number;
  HasHeader: boolean;
  Columns: { name: string; type: string }[];
  DateFormat: string | null;
  TimestampFormat: string | null;
}

export interface CsvSniff {
  dialect: CsvDialect;
  columns: ColumnInfo[];
  /** A strptime pattern when DuckDB found a non-ISO date or timestamp format. */
  timePattern: string | null;
}

/** DuckDB's sniffer on the file, plus a second pass for decimal commas (which it does not guess). */
export async function sniffCsv(con: DuckDBConnection, path: string, info: KindInfo, delimiter?: string): Promise<CsvSniff> {
  const base = [`compression=${info.gzip ? "'gzip'" : "'none'"}`, `encoding=${sqlString(info.encoding)}`];
  if (delimiter !== undefined) base.push(`delim=${sqlString(delimiter)}`);
  // A ragged line can defeat dialect detection (one column, or an error); DuckDB's sniffer then
  // gets a second try that skips the lines it cannot fit, which is what the import does anyway.
  // Likewise when it skipped leading lines and then found no header: in a small file one ragged
  // last line can look like the only consistent "table".
  const strict = await sniffOnce(con, path, base).catch((e: unknown) => e as LabError);
  const doubtful = strict instanceof Error || strict.Columns.length <= 1 || (Number(strict.SkipRows) > 0 && !strict.HasHeader);
  const lenient = doubtful ? await sniffLenient(con, path, base) : null;
  if (strict instanceof Error && !lenient) throw strict;
  const better = (l: SniffRow, st: SniffRow) => l.Columns.length > st.Columns.length || (l.HasHeader && !st.HasHeader && l.Columns.length >= 2);
  const first = lenient && (strict instanceof Error || better(lenient, strict)) ? lenient : (strict as SniffRow);
  let row = first;
  let decimal: '.' | ',' = '.';
  if (first.Delimiter !== ',' && first.Columns.some((c) => c.type === 'VARCHAR')) {
    const second = await sniffOnce(con, path, [...base, `decimal_separator=','`]).catch(() => null);
    const gained = second && second.Columns.length === first.Columns.length &&
      second.Columns.some((c, i) => first.Columns[i]!.type === 'VARCHAR' && c.type !== 'VARCHAR');
    if (second && gained) {
      row = second;
      decimal = ',';
    }
  }
  const plain = (v: string) => (v === EMPTY ? '' : v);
  return {
    dialect: {
      delimiter: row.Delimiter,
      quote: plain(row.Quote),
      escape: plain(row.Escape),
      newline: row.NewLineDelimiter,
      header: row.HasHeader,
      skip: Number(row.SkipRows),
      comment: plain(row.Comment),
      decimal,
      gzip: info.gzip,
      encoding: info.encoding,
    },
    columns: row.Columns.map((c) => ({ name: c.name, type: c.type })),
    timePattern: row.TimestampFormat ?? row.DateFormat ?? null,
  };
}

/** The sniffer skipping the lines it cannot fit, with the largest line limit memory allows; null if it fails. */
async function sniffLenient(con: DuckDBConnection, path: string, base: string[]): Promise<SniffRow | null> {
  for (const maxLine of SNIFF_MAX_LINES) {
    try {
      return await sniffOnce(con, path, [...base, 'ignore_errors = true', `max_line_size = ${maxLine}`, 'skip = 0']);
    } catch (e) {
      if (!/out of memory|could not allocate/i.test((e as Error).message)) return null;
    }
  }
  return null;
}

async function sniffOnce(con: DuckDBConnection, path: string, options: string[]): Promise<SniffRow> {
  try {
    const reader = await con.runAndReadAll(`SELECT * FROM sniff_csv(${sqlString(path)}, sample_size = 20480, ${options.join(', ')})`);
    return reader.getRowObjectsJS()[0] as unknown as SniffRow;
  } catch (e) {
    throw new LabError('invalid_input', `cannot detect the CSV layout of ${basename(path)}: ${duckdbMessage(e)}`);
  }
}

/** read_csv's named parameters for a dialect: nothing is left to auto-detection at import time. */
export function csvReaderOptions(d: CsvDialect): string {
  return [
    'auto_detect = false',
    `delim = ${sqlString(d.delimiter)}`,
    `quote = ${sqlString(d.quote)}`,
    `escape = ${sqlString(d.escape)}`,
    `new_line = ${sqlString(d.newline)}`,
    `header = ${d.header}`,
    `skip = ${Math.max(0, Math.trunc(d.skip))}`,
    `comment = ${sqlString(d.comment)}`,
    `decimal_separator = ${sqlString(d.decimal)}`,
    `compression = ${d.gzip ? "'gzip'" : "'none'"}`,
    `encoding = ${sqlString(d.encoding)}`,
  ].join(', ');
}

/** The column list of a read_csv call: explicit names and types, in file order. */
export function csvColumnsOption(columns: readonly ColumnInfo[], typeOf: (c: ColumnInfo) => string): string {
  return `columns = {${columns.map((c) => `${sqlString(c.name)}: ${sqlString(typeOf(c))}`).join(', ')}}`;
}

/** First line of a DuckDB error, without the echo of a possibly huge input line, at most 200 chars. */
export function duckdbMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const first = (text.split('\n')[0] ?? '').replace(/^[A-Za-z ]*Error: /, '');
  return first.length > 200 ? `${first.slice(0, 200)}…` : first;
}
