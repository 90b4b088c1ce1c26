import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../../store/series';
import { insertQuarantine } from '../../store/writer';
import type { RejectedReading } from '../prepare';
import { locateRecords, MAX_RAW_BYTES, type LocatedRecord } from './line-locator';
import type { RowReject, StagedPart } from './load';
import type { RejectTables } from './part-sql';
import type { FilePart } from './types';

/**
 * Every row that does not become readings lands in `quarantine` with the file, its line number
 * (row number for Parquet), its raw text and the reason. Lines DuckDB's reader rejected (ragged,
 * not a number, bad encoding, too long) come with their line and text from its rejects table;
 * rows rejected after parsing are traced back to their line by the line locator.
 */

/** Lines the reader rejected, one quarantine row per line; returns their count. */
export async function quarantineReaderRejects(con: DuckDBConnection, source: string, part: FilePart, rejects: RejectTables | null): Promise<number> {
  if (!rejects || !(await tableExists(con, rejects.table))) return 0;
  const reader = await con.runAndReadAll(
    `INSERT INTO quarantine (received_at, source, location, raw, reason)
     SELECT make_timestamp(epoch_us(now())), $source, $label || ':' || line,
       left(ltrim(first(csv_line ORDER BY column_idx), chr(10) || chr(13)), ${MAX_RAW_BYTES}),
       string_agg(lower(error_type) || ': ' || replace(error_message, chr(10), ' '), '; ' ORDER BY column_idx)
     FROM ${rejects.table} GROUP BY line ORDER BY line`,
    { source, label: part.label },
  );
  return Number(reader.getRowsJS()[0]?.[0] ?? 0);
}

export async function rejectedLines(con: DuckDBConnection, rejects: RejectTables | null): Promise<Set<number>> {
  if (!rejects || !(await tableExists(con, rejects.table))) return new Set();
  const reader = await con.runAndReadAll(`SELECT DISTINCT line FROM ${rejects.table}`);
  return new Set(reader.getRowsJS().map((r) => Number(r[0])));
}

async function tableExists(con: DuckDBConnection, name: string): Promise<boolean> {
  const reader = await con.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE table_name = $name AND temporary`, { name });
  return Number(reader.getRowsJS()[0]![0]) > 0;
}

/** Rows rejected after parsing: located, then written through the store's quarantine writer. */
export async function quarantineRows(con: DuckDBConnection, source: string, staged: StagedPart, rows: readonly RowReject[]): Promise<number> {
  if (rows.length === 0) return 0;
  const part = staged.part;
  const wanted = [...new Set(rows.map((r) => r.row))].sort((a, b) => a - b);
  let located: Map<number, LocatedRecord> | null;
  if (part.format === 'parquet') {
    located = await parquetRows(con, part, wanted);
  } else {
    const d = part.dialect!;
    const json = part.format === 'jsonl';
    located = await locateRecords(
      part.path,
      {
        quote: json ? '' : d.quote,
        escape: json ? '' : d.escape,
        leadingRecords: json ? 0 : d.skip + (d.header ? 1 : 0),
        gzip: d.gzip,
        blankLinesAreRecords: json || part.columns.length === 1,
      },
      await rejectedLines(con, staged.rejects),
      wanted,
      staged.rows,
    );
  }
  const out: RejectedReading[] = rows.map((r) => {
    const at = located?.get(r.row);
    const where = at ? (part.format === 'parquet' ? `row ${at.line}` : `${at.line}`) : `record ${r.row + 1}`;
    return { location: `${part.label}:${where}`, raw: at?.raw ?? '', reason: r.reason };
  });
  await insertQuarantine(con, source, out);
  return out.length;
}

async function parquetRows(con: DuckDBConnection, part: FilePart, rows: readonly number[]): Promise<Map<number, LocatedRecord>> {
  const reader = await con.runAndReadAll(
    `SELECT file_row_number, to_json(p)::VARCHAR FROM read_parquet(${sqlString(part.path)}, file_row_number = true) p
     WHERE file_row_number IN (SELECT unnest($rows::BIGINT[]))`,
    { rows: `[${rows.join(',')}]` },
  );
  const out = new Map<number, LocatedRecord>();
  for (const [row, json] of reader.getRowsJS()) {
    const raw = String(json).replace(/,"file_row_number":\d+\}$/, '}');
    out.set(Number(row), { line: Number(row) + 1, raw: raw.slice(0, MAX_RAW_BYTES) });
  }
  return out;
}
