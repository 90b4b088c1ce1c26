import { open } from 'node:fs/promises';

/**
 * Writes a result (SQL console, windowed aggregates) as RFC 4180 CSV: a header, then one line per
 * row; fields with a delimiter, quote or line break are quoted, objects written as JSON.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export async function writeCsvFile(path: string, header: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number> {
  const file = await open(path, 'w');
  let count = 0;
  try {
    let chunk = header.map(csvField).join(',') + '\n';
    for (const row of rows) {
      chunk += row.map(csvField).join(',') + '\n';
      count++;
      // Written in ~1 MB pieces: a million-row result never becomes one giant string.
      if (chunk.length > 1 << 20) {
        await file.write(chunk);
        chunk = '';
      }
    }
    await file.write(chunk);
  } finally {
    await file.close();
  }
  return count;
}
