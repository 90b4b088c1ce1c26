import duckdb from '@duckdb/node-bindings';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/**
 * Streams a query whose columns are all DOUBLE or USMALLINT chunk by chunk, handing `onChunk`
 * typed-array views of each vector's own memory (no copy, no per-value JS objects): how staged
 * rows reach the ingest path. The views are valid only during the call. NULLs come as a validity
 * bitmap per column (bit set = value present, LSB first), null when the chunk has none there.
 */
export type PulledKind = 'f64' | 'u16';

export interface ChunkColumns {
  length: number;
  columns: (Float64Array | Uint16Array)[];
  validity: (Uint8Array | null)[];
}

const BYTES: Record<PulledKind, number> = { f64: 8, u16: 2 };

/** Runs `sql` and calls `onChunk` for each chunk; returns the number of rows seen. */
export async function scanColumns(
  con: DuckDBConnection,
  sql: string,
  params: Record<string, DuckDBValue>,
  kinds: readonly PulledKind[],
  onChunk: (chunk: ChunkColumns) => void,
): Promise<number> {
  const result = await con.stream(sql, params);
  let rows = 0;
  // The next chunk is requested before this one is handed over: DuckDB produces it meanwhile.
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; ) {
    const next = result.fetchChunk();
    next.catch(() => undefined); // awaited below; never an unhandled rejection
    const n = chunk.rowCount;
    const columns: (Float64Array | Uint16Array)[] = [];
    const validity: (Uint8Array | null)[] = [];
    for (let c = 0; c < kinds.length; c++) {
      const vector = duckdb.data_chunk_get_vector(chunk.chunk, c);
      const bytes = duckdb.vector_get_data(vector, n * BYTES[kinds[c]!]);
      columns.push(kinds[c] === 'f64' ? new Float64Array(bytes.buffer, bytes.byteOffset, n) : new Uint16Array(bytes.buffer, bytes.byteOffset, n));
      validity.push(duckdb.vector_get_validity(vector, Math.ceil(n / 64) * 8) as Uint8Array | null);
    }
    onChunk({ length: n, columns, validity });
    rows += n;
    chunk = await next;
  }
  return rows;
}
