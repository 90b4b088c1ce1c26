import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Polls DuckDB's query progress while `fn` runs (0..1). The import connection has the progress
 * bar enabled (without printing), which is what makes the figure available.
 */
export async function whileReporting<T>(con: DuckDBConnection, fn: () => Promise<T>, onFraction: (fraction: number) => void): Promise<T> {
  const timer = setInterval(() => {
    const p = con.progress.percentage;
    if (p >= 0) onFraction(Math.min(1, p / 100));
  }, 200);
  try {
    const result = await fn();
    onFraction(1);
    return result;
  } finally {
    clearInterval(timer);
  }
}
