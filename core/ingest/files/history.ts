import type { DuckDBConnection } from '@duckdb/node-api';
import type { Workspace } from '../../store/workspace';

/** The `imports` table: one row per committed import, for the history view and re-import checks. */
export interface ImportRecord {
  id: number;
  path: string;
  name: string;
  sha256: string;
  bytes: number;
  format: string;
  layout: string;
  target: string;
  rows: number;
  imported: number;
  quarantined: number;
  empty: number;
  firstTime: string | null;
  lastTime: string | null;
  finishedAt: string;
  seconds: number;
}

export interface NewImportRecord {
  id: number;
  path: string;
  name: string;
  sha256: string;
  bytes: number;
  format: string;
  layout: string;
  target: string;
  rows: number;
  imported: number;
  quarantined: number;
  empty: number;
  /** Epoch ms or null. */
  firstTs: number | null;
  lastTs: number | null;
  mapping: unknown;
  startedAt: number;
  finishedAt: number;
}

const SELECT = `SELECT id, path, name, sha256, bytes, format, layout, target, rows, imported, quarantined, empty,
    strftime(first_ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS first_time, strftime(last_ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS last_time,
    strftime(finished_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS finished_at, seconds
  FROM imports`;

function toRecord(r: Record<string, unknown>): ImportRecord {
  return {
    id: Number(r.id),
    path: String(r.path),
    name: String(r.name),
    sha256: String(r.sha256),
    bytes: Number(r.bytes),
    format: String(r.format),
    layout: String(r.layout),
    target: String(r.target),
    rows: Number(r.rows),
    imported: Number(r.imported),
    quarantined: Number(r.quarantined),
    empty: Number(r.empty),
    firstTime: (r.first_time as string | null) ?? null,
    lastTime: (r.last_time as string | null) ?? null,
    finishedAt: String(r.finished_at),
    seconds: Number(r.seconds),
  };
}

export async function listImports(ws: Workspace, limit = 1000): Promise<ImportRecord[]> {
  return (await ws.rows(`${SELECT} ORDER BY id DESC LIMIT $limit`, { limit })).map(toRecord);
}

/** The latest import of the same content, if any. */
export async function findImportByHash(con: DuckDBConnection, sha256: string): Promise<ImportRecord | null> {
  const reader = await con.runAndReadAll(`${SELECT} WHERE sha256 = $sha256 ORDER BY id DESC LIMIT 1`, { sha256 });
  const row = reader.getRowObjectsJS()[0];
  return row ? toRecord(row) : null;
}

/** Whether an earlier import had this exact size (then hashing first is worth it: it may be a re-import). */
export async function sameSizeImported(con: DuckDBConnection, bytes: number): Promise<boolean> {
  const reader = await con.runAndReadAll(`SELECT count(*) FROM imports WHERE bytes = $bytes`, { bytes });
  return Number(reader.getRowsJS()[0]![0]) > 0;
}

const micros = (ms: number | null) => (ms === null ? null : Math.round(ms * 1000));

/** Reserves the id first, so rows written during the import (a training table) can point at it. */
export async function reserveImportId(con: DuckDBConnection): Promise<number> {
  return Number((await con.runAndReadAll(`SELECT nextval('imports_id')`)).getRowsJS()[0]![0]);
}

export async function recordImport(con: DuckDBConnection, r: NewImportRecord): Promise<void> {
  await con.run(
    `INSERT INTO imports (id, path, name, sha256, bytes, format, layout, target, rows, imported, quarantined, empty,
       first_ts, last_ts, mapping, started_at, finished_at, seconds)
     VALUES ($id, $path, $name, $sha256, $bytes, $format, $layout, $target, $rows, $imported, $quarantined, $empty,
       make_timestamp($first::BIGINT), make_timestamp($last::BIGINT), $mapping::JSON,
       make_timestamp($started::BIGINT), make_timestamp($finished::BIGINT), $seconds)`,
    {
      id: r.id,
      path: r.path,
      name: r.name,
      sha256: r.sha256,
      bytes: r.bytes,
      format: r.format,
      layout: r.layout,
      target: r.target,
      rows: r.rows,
      imported: r.imported,
      quarantined: r.quarantined,
      empty: r.empty,
      first: micros(r.firstTs),
      last: micros(r.lastTs),
      mapping: JSON.stringify(r.mapping),
      started: micros(r.startedAt),
      finished: micros(r.finishedAt),
      seconds: (r.finishedAt - r.startedAt) / 1000,
    },
  );
}
