import duckdb from '@duckdb/node-bindings';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/**
 * Streams a query whose columns are all DOUBLE or USMALLINT into typed arrays, copying each
 * vector's bytes (no per-value JS objects): how staged rows reach the ingest path. NULLs are
 * reported through a validity bitmap per column (bit set = value present), null when none.
 */
export type PulledKind = 'f64' | 'u16';

export interface PulledColumns {
  length: number;
  columns: (Float64Array | Uint16Array)[];
  /** One bit per row, LSB first; null when the column had no NULL in this range. */
  validity: (Uint8Array | null)[];
}

const BYTES: Record<PulledKind, number> = { f64: 8, u16: 2 };

export async function pullColumns(
  con: DuckDBConnection,
  sql: string,
  params: Record<string, DuckDBValue>,
  kinds: readonly PulledKind[],
  capacity: number,
): Promise<PulledColumns> {
  const columns = kinds.map((k) => (k === 'f64' ? new Float64Array(capacity) : new Uint16Array(capacity)));
  const validity: (Uint8Array | null)[] = kinds.map(() => null);
  const result = await con.stream(sql, params);
  let length = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const n = chunk.rowCount;
    if (length + n > capacity) throw new Error(`query returned more than ${capacity} rows`);
    for (let c = 0; c < kinds.length; c++) {
      const vector = duckdb.data_chunk_get_vector(chunk.chunk, c);
      const width = BYTES[kinds[c]!];
      const bytes = duckdb.vector_get_data(vector, n * width);
      const target = columns[c]!;
      if (target instanceof Float64Array) target.set(new Float64Array(bytes.buffer, bytes.byteOffset, n), length);
      else target.set(new Uint16Array(bytes.buffer, bytes.byteOffset, n), length);
      const mask = duckdb.vector_get_validity(vector, Math.ceil(n / 64) * 8) as Uint8Array | null;
      if (mask) copyValidity(validity, c, mask, n, length, capacity);
      else if (validity[c]) setValid(validity[c]!, length, n);
    }
    length += n;
  }
  return { length, columns, validity };
}

function copyValidity(validity: (Uint8Array | null)[], c: number, mask: Uint8Array, n: number, at: number, capacity: number): void {
  let bits = validity[c];
  if (!bits) {
    bits = new Uint8Array(Math.ceil(capacity / 8));
    setValid(bits, 0, at); // rows before this chunk had no NULLs
    validity[c] = bits;
  }
  for (let i = 0; i < n; i++) {
    const valid = (mask[i >> 3]! >> (i & 7)) & 1;
    const j = at + i;
    if (valid) bits[j >> 3]! |= 1 << (j & 7);
  }
}

function setValid(bits: Uint8Array, from: number, n: number): void {
  for (let j = from; j < from + n; j++) bits[j >> 3]! |= 1 << (j & 7);
}
