import type { Workspace } from '../store/workspace';

/**
 * Reading back `quarantine`: every rejected row with its source, location (file:line), raw text
 * and reason. A source filter matches the stored source exactly or a file name (`file:NAME`).
 */
export interface QuarantineRow {
  id: number;
  receivedAt: string;
  source: string;
  location: string | null;
  raw: string;
  reason: string;
}

export interface QuarantineListing {
  total: number;
  sources: { source: string; rows: number }[];
  rows: QuarantineRow[];
}

export async function listQuarantine(ws: Workspace, filter: { source?: string; limit?: number } = {}): Promise<QuarantineListing> {
  const where = filter.source === undefined ? '' : `WHERE source = $source OR source = 'file:' || $source`;
  const params: Record<string, string | number> = filter.source === undefined ? {} : { source: filter.source };
  const sources = await ws.rows<{ source: string; n: bigint }>(`SELECT source, count(*) AS n FROM quarantine ${where} GROUP BY source ORDER BY source`, params);
  const rows = await ws.rows<Record<string, unknown>>(
    `SELECT id, strftime(received_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS received_at, source, location, raw, reason
     FROM quarantine ${where} ORDER BY id LIMIT $limit`,
    { ...params, limit: filter.limit ?? 1000 },
  );
  return {
    total: sources.reduce((n, s) => n + Number(s.n), 0),
    sources: sources.map((s) => ({ source: s.source, rows: Number(s.n) })),
    rows: rows.map((r) => ({
      id: Number(r.id),
      receivedAt: String(r.received_at),
      source: String(r.source),
      location: (r.location as string | null) ?? null,
      raw: String(r.raw),
      reason: String(r.reason),
    })),
  };
}
