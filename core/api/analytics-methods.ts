import { join } from 'node:path';
import { comparePeriods } from '../analytics/compare';
import { writeCsvFile } from '../analytics/csv-file';
import { runReadOnlySql } from '../analytics/sql';
import { windowAggregates, type WindowAgg } from '../analytics/windows';
import { parseDuration } from '../model/duration';
import type { Catalog } from '../store/catalog';
import type { Workspace } from '../store/workspace';
import type { FileResponses, WindowsResponse } from './files-contract';
import type { LabParsedRequest } from './schemas';

export interface AnalyticsDeps {
  ws: Workspace;
  catalog: Catalog;
  exportDir(): string;
}

type WindowFields = Omit<LabParsedRequest<'windows'>, 'limit'>;

/**
 * Batch analytics for one session: windowed aggregates, period comparison, the read-only SQL
 * console (cancellable) and CSV export of either result into the exports folder.
 */
export class AnalyticsMethods {
  private readonly queries = new Set<AbortController>();

  constructor(private readonly deps: AnalyticsDeps) {}

  async windows(r: LabParsedRequest<'windows'>): Promise<WindowsResponse> {
    return this.windowRows(r, r.limit);
  }

  compare(r: LabParsedRequest<'compare'>): Promise<FileResponses['compare']> {
    return comparePeriods(this.deps.ws, this.deps.catalog, r);
  }

  sql(r: LabParsedRequest<'sql'>): Promise<FileResponses['sql']> {
    return this.cancellable((signal) => runReadOnlySql(this.deps.ws, { sql: r.sql, maxRows: r.maxRows, signal }));
  }

  /** Cancels every query this session is running. */
  cancel(): { cancelled: boolean } {
    const any = this.queries.size > 0;
    for (const controller of this.queries) controller.abort();
    return { cancelled: any };
  }

  dispose(): void {
    this.cancel();
  }

  async exportSql(r: LabParsedRequest<'exportSql'>): Promise<FileResponses['exportSql']> {
    const result = await this.cancellable((signal) => runReadOnlySql(this.deps.ws, { sql: r.sql, maxRows: r.maxRows, signal }));
    const out = join(this.deps.exportDir(), r.out);
    const rows = await writeCsvFile(out, result.columns.map((c) => c.name), result.rows);
    return { rows, out, name: r.out };
  }

  async exportWindows(r: LabParsedRequest<'exportWindows'>): Promise<FileResponses['exportWindows']> {
    const result = await this.windowRows(r, 10_000_000);
    const out = join(this.deps.exportDir(), r.out);
    const header = ['machine', 'sensor', 'start', 'end', ...result.aggs];
    const rows = await writeCsvFile(out, header, result.rows.map((row) => header.map((h) => row[h as keyof typeof row])));
    return { rows, out, name: r.out };
  }

  private async windowRows(r: WindowFields, limit: number): Promise<WindowsResponse> {
    const result = await windowAggregates(this.deps.ws, this.deps.catalog, {
      everyMs: parseDuration(r.every),
      hopMs: r.hop === undefined ? undefined : parseDuration(r.hop),
      machine: r.machine,
      sensor: r.sensor,
      from: r.from,
      to: r.to,
      limit,
    });
    const aggs = [...new Set(r.aggs)] as WindowAgg[];
    return {
      level: result.level,
      everyMs: result.everyMs,
      hopMs: result.hopMs,
      aggs,
      truncated: result.truncated,
      rows: result.rows.map((w) => ({ machine: w.machine, sensor: w.sensor, start: w.start, end: w.end, ...Object.fromEntries(aggs.map((a) => [a, w[a]])) })),
    };
  }

  private async cancellable<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.queries.add(controller);
    try {
      return await fn(controller.signal);
    } finally {
      this.queries.delete(controller);
    }
  }
}
