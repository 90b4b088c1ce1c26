import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LabError, firstLineOf } from '../model';
import { sqlIdentifier, sqlString } from '../store/series';
import { StreamingDetector, type DetectorOptions } from './anomaly';

/**
 * Offline anomaly scoring of a single-series CSV (NAB layout `timestamp,value` by default): DuckDB
 * reads the file as text in file order, chunk by chunk; each reading is scored by the same
 * streaming detector the live path uses, and `timestamp,value,anomaly_score` rows are written as
 * they come — one pass, memory bounded by a chunk. Timestamps and values are echoed as written;
 * a value that is not a number scores 0 and is counted.
 */
export interface DetectFileRequest {
  input: string;
  out: string;
  timestamp?: string;
  value?: string;
  options?: DetectorOptions;
  signal?: AbortSignal;
}

export interface DetectFileResult {
  rows: number;
  notNumeric: number;
  maxScore: number;
  above05: number;
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export async function detectFile(con: DuckDBConnection, request: DetectFileRequest): Promise<DetectFileResult> {
  if (!existsSync(request.input)) throw new LabError('not_found', `file not found: ${request.input}`);
  const tsCol = request.timestamp ?? 'timestamp';
  const valueCol = request.value ?? 'value';
  const source = `read_csv(${sqlString(request.input)}, header = true, all_varchar = true)`;
  let columns: string[];
  try {
    const described = await con.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    columns = described.getRowObjectsJS().map((r) => String(r.column_name));
  } catch (e) {
    throw new LabError('invalid_input', `cannot read ${request.input} as CSV: ${firstLineOf(e)}`);
  }
  for (const [flag, name] of [['--timestamp', tsCol], ['--value', valueCol]] as const) {
    if (!columns.includes(name)) throw new LabError('invalid_input', `no column "${name}" in ${request.input} (columns: ${columns.join(', ')}; choose with ${flag})`);
  }
  const result = await con.stream(`SELECT ${sqlIdentifier(tsCol)}, ${sqlIdentifier(valueCol)} FROM ${source}`);
  const out = createWriteStream(request.out);
  const detector = new StreamingDetector(request.options);
  const summary: DetectFileResult = { rows: 0, notNumeric: 0, maxScore: 0, above05: 0 };
  try {
    out.write('timestamp,value,anomaly_score\n');
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      if (request.signal?.aborted) throw new LabError('cancelled', 'detection cancelled');
      const [ts, values] = chunk.getColumns() as [(string | null)[], (string | null)[]];
      const lines: string[] = [];
      for (let i = 0; i < ts.length; i++) {
        const text = values[i] ?? '';
        const x = text.trim() === '' ? NaN : Number(text);
        if (!Number.isFinite(x)) summary.notNumeric++;
        const score = detector.push(x);
        summary.maxScore = Math.max(summary.maxScore, score);
        if (score >= 0.5) summary.above05++;
        lines.push(`${csvCell(ts[i] ?? '')},${csvCell(text)},${Number(score.toFixed(6))}`);
      }
      summary.rows += ts.length;
      if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return summary;
}
