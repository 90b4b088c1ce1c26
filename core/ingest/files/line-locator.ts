import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/**
 * DuckDB's CSV reader reports line numbers only for the lines it rejects. A row that parses but
 * fails validation later (a value outside the sensor's range, a timestamp before 1970) is known by
 * its position among the accepted records; this finds the physical line it starts on and its raw
 * text by walking record boundaries with the dialect DuckDB detected (quotes may hide newlines,
 * blank lines are skipped). It runs only when such rows exist, so the common import never pays.
 * It splits records, never values: parsing stays DuckDB's.
 */
export interface LocatorDialect {
  quote: string;
  escape: string;
  /** Header and skipped lines before the first record. */
  leadingRecords: number;
  gzip: boolean;
  /** Single-column files keep blank lines as (empty) records. */
  blankLinesAreRecords: boolean;
}

export interface LocatedRecord {
  line: number;
  raw: string;
}

const NEWLINE = 0x0a;
const CR = 0x0d;
/** Raw text kept per quarantined row; longer lines are cut (the line number still points at it). */
export const MAX_RAW_BYTES = 64 * 1024;

/**
 * Returns, for each wanted accepted-record index (0-based, in file order, after the header), its
 * start line and raw text. `rejectedLines` are the start lines DuckDB rejected: those records are
 * not accepted and are skipped in the count. `null` when the walk disagrees with DuckDB's count.
 */
export async function locateRecords(
  path: string,
  dialect: LocatorDialect,
  rejectedLines: ReadonlySet<number>,
  wanted: readonly number[],
  acceptedTotal: number,
): Promise<Map<number, LocatedRecord> | null> {
  const want = new Set(wanted);
  const found = new Map<number, LocatedRecord>();
  const quote = dialect.quote ? dialect.quote.charCodeAt(0) : -1;
  const escape = dialect.escape && dialect.escape !== dialect.quote ? dialect.escape.charCodeAt(0) : -1;
  let line = 1;
  let recordLine = 0; // 0: between records
  let inQuotes = false;
  let escaped = false;
  let records = 0; // every record, header included
  let accepted = 0;
  let capture: Buffer[] | null = null;
  let captured = 0;

  const endRecord = () => {
    if (recordLine === 0 && !dialect.blankLinesAreRecords) return;
    const start = recordLine === 0 ? line : recordLine;
    records++;
    if (records > dialect.leadingRecords && !rejectedLines.has(start)) {
      if (want.has(accepted)) {
        const raw = capture ? Buffer.concat(capture).subarray(0, MAX_RAW_BYTES).toString('utf8').replace(/\r$/, '') : '';
        found.set(accepted, { line: start, raw });
      }
      accepted++;
    }
    recordLine = 0;
    capture = null;
    captured = 0;
  };
  const keep = (piece: Buffer) => {
    if (!capture || captured >= MAX_RAW_BYTES) return;
    capture.push(Buffer.from(piece));
    captured += piece.length;
  };

  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = dialect.gzip ? input.pipe(createGunzip()) : input;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (recordLine === 0 && c !== NEWLINE && c !== CR) {
        recordLine = line;
        from = i;
        const candidate = records >= dialect.leadingRecords && !rejectedLines.has(line);
        capture = candidate && want.has(accepted) ? [] : null;
      }
      if (escaped) {
        escaped = false;
      } else if (inQuotes && c === escape) {
        escaped = true;
      } else if (c === quote) {
        inQuotes = !inQuotes;
      } else if (c === NEWLINE && !inQuotes) {
        keep(chunk.subarray(from, i));
        endRecord();
        line++;
        continue;
      }
      if (c === NEWLINE) line++;
    }
    if (recordLine !== 0) keep(chunk.subarray(from));
  }
  if (recordLine !== 0) endRecord();
  if (accepted !== acceptedTotal) return null;
  return found;
}
