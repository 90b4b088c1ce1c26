import { DuckDBTimestampValue, type DuckDBConnection } from '@duckdb/node-api';
import type { LabEvent } from '../model';
import type { PreparedBatch, RejectedReading } from '../ingest/prepare';
import type { Catalog } from './catalog';
import type { ColumnAppender } from './column-appender';
import { remapIds, ROLLUP_COLUMN_KINDS, rollupColumnArrays, type RollupColumns } from './rollup';
import type { Workspace } from './workspace';

/** A source's resume position, stored in the same transaction as the rows it covers. */
export interface Checkpoint {
  source: string;
  stream: string;
  partition: number;
  position: bigint;
}

export interface CommitExtras {
  source: string;
  profile?: string | null;
  events?: readonly LabEvent[];
  checkpoints?: readonly Checkpoint[];
}

export interface CommitResult {
  stored: number;
  quarantined: number;
  events: number;
}

const READING_KINDS = ['timestamp', 'u16', 'u16', 'f64'] as const;

/**
 * Writes one prepared batch — readings, rollups, quarantine, events, checkpoints — in ONE
 * transaction on connection `lane`; on any failure nothing of it is visible. Batches on
 * different lanes commit concurrently (appends never conflict in DuckDB).
 */
export async function commitBatch(
  ws: Workspace,
  catalog: Catalog,
  batch: PreparedBatch,
  extras: CommitExtras,
  lane = 0,
): Promise<CommitResult> {
  const { machine: machineLut, sensor: sensorLut } = await catalog.lookups(batch.machines, batch.sensors, extras.profile ?? null);
  return ws.transaction(async (con) => {
    const machine = remapped(batch.machine, batch.length, machineLut);
    const sensor = remapped(batch.sensor, batch.length, sensorLut);
    const readings = await ws.appender(con, 'readings', READING_KINDS);
    const rollup1s = await ws.appender(con, 'rollup_1s', ROLLUP_COLUMN_KINDS);
    const rollup1m = await ws.appender(con, 'rollup_1m', ROLLUP_COLUMN_KINDS);
    try {
      readings.append([batch.ts, machine, sensor, batch.value], 0, batch.length);
      appendRollup(rollup1s, batch.rollup1s, machineLut, sensorLut);
      appendRollup(rollup1m, batch.rollup1m, machineLut, sensorLut);
      for (const appender of [readings, rollup1s, rollup1m]) appender.flush();
    } catch (e) {
      // Buffered rows must not reach a later transaction.
      for (const appender of [readings, rollup1s, rollup1m]) appender.clear();
      throw e;
    }
    await insertQuarantine(con, extras.source, batch.rejected);
    await insertEvents(con, extras.events ?? []);
    for (const cp of extras.checkpoints ?? []) await upsertCheckpoint(con, cp);
    return { stored: batch.length, quarantined: batch.rejected.length, events: extras.events?.length ?? 0 };
  }, lane);
}

function remapped(ids: Uint16Array, n: number, lookup: Uint16Array): Uint16Array {
  let identity = true;
  for (let i = 0; i < lookup.length && identity; i++) identity = lookup[i] === i;
  if (identity) return ids;
  const copy = ids.slice(0, n);
  remapIds(copy, n, lookup);
  return copy;
}

function appendRollup(appender: ColumnAppender, rollup: RollupColumns, machineLut: Uint16Array, sensorLut: Uint16Array): void {
  if (rollup.length === 0) return;
  const columns = rollupColumnArrays({
    ...rollup,
    machine: remapped(rollup.machine, rollup.length, machineLut),
    sensor: remapped(rollup.sensor, rollup.length, sensorLut),
  });
  appender.append(columns, 0, rollup.length);
}

export async function insertQuarantine(con: DuckDBConnection, source: string, rows: readonly RejectedReading[]): Promise<void> {
  if (rows.length === 0) return;
  const appender = await con.createAppender('quarantine');
  const receivedAt = new DuckDBTimestampValue(BigInt(Date.now()) * 1000n);
  try {
    let id = await nextIds(con, 'quarantine_id', rows.length);
    for (const row of rows) {
      appender.appendBigInt(id++);
      appender.appendTimestamp(receivedAt);
      appender.appendVarchar(source);
      appender.appendVarchar(row.location);
      appender.appendVarchar(row.raw);
      appender.appendVarchar(row.reason);
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
}

/** Reserves `count` ids from a sequence; the appender cannot evaluate column defaults. */
async function nextIds(con: DuckDBConnection, sequence: string, count: number): Promise<bigint> {
  const reader = await con.runAndReadAll(`SELECT min(nextval('${sequence}')) AS first FROM range($n)`, { n: count });
  return reader.getRowObjectsJS()[0]!.first as bigint;
}

export async function insertEvents(con: DuckDBConnection, events: readonly LabEvent[]): Promise<void> {
  for (const ev of events) {
    await con.run(
      `INSERT INTO events (machine, kind, onset, failure, source, detail)
       VALUES ($machine, $kind, make_timestamp($onset::BIGINT), make_timestamp($failure::BIGINT), $source, $detail::JSON)`,
      {
        machine: ev.machine,
        kind: ev.kind,
        onset: Math.round(ev.onset * 1000),
        failure: ev.failure === null ? null : Math.round(ev.failure * 1000),
        source: ev.source,
        detail: ev.detail ? JSON.stringify(ev.detail) : null,
      },
    );
  }
}

export async function upsertCheckpoint(con: DuckDBConnection, cp: Checkpoint): Promise<void> {
  await con.run(
    `INSERT INTO checkpoints VALUES ($source, $stream, $partition, $position, now()::TIMESTAMP)
     ON CONFLICT (source, stream, partition) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    { source: cp.source, stream: cp.stream, partition: cp.partition, position: cp.position },
  );
}
