import duckdb from '@duckdb/node-bindings';
import { DuckDBDataChunk, type DuckDBAppender, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import { DOUBLE, TIMESTAMP, UINTEGER, USMALLINT } from '@duckdb/node-api';

/**
 * Appends typed-array columns to a table through DuckDB data chunks, copying each column's bytes
 * straight into the chunk's vectors. This is the ingest hot path: no per-value objects, no
 * per-cell N-API calls (the per-row Appender API is several times slower).
 */
/** `timestamp` holds epoch ms, `timestamp_us` epoch µs (integers), both in a Float64Array. */
export type ColumnKind = 'timestamp' | 'timestamp_us' | 'u16' | 'u32' | 'f64';
export type ColumnArray = Float64Array | Uint16Array | Uint32Array;

const DUCK_TYPE: Record<ColumnKind, DuckDBType> = { timestamp: TIMESTAMP, timestamp_us: TIMESTAMP, u16: USMALLINT, u32: UINTEGER, f64: DOUBLE };
const BYTES: Record<ColumnKind, number> = { timestamp: 8, timestamp_us: 8, u16: 2, u32: 4, f64: 8 };
const TWO_POW_32 = 4294967296;

export class ColumnAppender {
  private readonly chunk: DuckDBDataChunk;
  private readonly vectorSize = duckdb.vector_size();
  /** Scratch for epoch-ms → int64-µs conversion, as little-endian 32-bit halves. */
  private readonly micros = new Uint32Array(this.vectorSize * 2);
  private rows = 0;

  private constructor(
    private readonly appender: DuckDBAppender,
    private readonly kinds: readonly ColumnKind[],
  ) {
    this.chunk = DuckDBDataChunk.create(kinds.map((k) => DUCK_TYPE[k]));
  }

  static async create(connection: DuckDBConnection, table: string, kinds: readonly ColumnKind[]): Promise<ColumnAppender> {
    return new ColumnAppender(await connection.createAppender(table), kinds);
  }

  get appended(): number {
    return this.rows;
  }

  /** Appends rows [from, to) of `columns`, which must match the kinds given at construction. */
  append(columns: readonly ColumnArray[], from = 0, to = columns[0]?.length ?? 0): void {
    if (columns.length !== this.kinds.length) {
      throw new Error(`expected ${this.kinds.length} columns, got ${columns.length}`);
    }
    for (let start = from; start < to; start += this.vectorSize) {
      const n = Math.min(this.vectorSize, to - start);
      for (let c = 0; c < columns.length; c++) {
        const kind = this.kinds[c]!;
        const column = columns[c]!;
        const vector = duckdb.data_chunk_get_vector(this.chunk.chunk, c);
        if (kind === 'timestamp' || kind === 'timestamp_us') {
          this.fillMicros(column as Float64Array, start, n, kind === 'timestamp' ? 1000 : 1);
          duckdb.copy_data_to_vector(vector, 0, this.micros.buffer, 0, n * 8);
        } else {
          const width = BYTES[kind];
          duckdb.copy_data_to_vector(vector, 0, column.buffer as ArrayBuffer, column.byteOffset + start * width, n * width);
        }
      }
      duckdb.data_chunk_set_size(this.chunk.chunk, n);
      this.appender.appendDataChunk(this.chunk);
      duckdb.data_chunk_reset(this.chunk.chunk);
      this.rows += n;
    }
  }

  /** Hands the buffered rows to the connection's current transaction. */
  flush(): void {
    this.appender.flushSync();
  }

  /** Drops buffered rows that were not flushed (after a failed batch). */
  clear(): void {
    this.appender.clear();
  }

  /** Flushes and closes; the rows become part of the connection's current transaction. */
  close(): void {
    this.appender.closeSync();
  }

  private fillMicros(time: Float64Array, start: number, n: number, toMicros: number): void {
    const out = this.micros;
    for (let k = 0; k < n; k++) {
      const us = Math.round(time[start + k]! * toMicros);
      out[2 * k] = us >>> 0;
      out[2 * k + 1] = Math.floor(us / TWO_POW_32);
    }
  }
}
