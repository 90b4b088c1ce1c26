import { join } from 'node:path';
import { Ingestor } from '../../ingest/ingestor';
import { simulateChunks } from '../../ingest/simulator-chunks';
import { backfill } from '../../ingest/simulator-source';
import { ColumnAppender } from '../../store/column-appender';
import type { PreparedBatch } from '../../ingest/prepare';
import { DuckDBTimestampValue } from '@duckdb/node-api';
import { Workspace } from '../../store/workspace';
import type { SimulatorConfig } from '../../sim/simulator';
import { round, type BenchCase } from './harness';

const TARGET_RATE = 2_000_000;
const TARGET_RATIO = 0.8;

/**
 * `ingest`: simulator backfill into a file workspace (generation, validation, rollups, one
 * transaction per batch) against a bare appender loop writing the same rows, pre-generated, into
 * a plain table in another file — the cost of the storage engine alone.
 */
export const ingestCase: BenchCase = {
  name: 'ingest',
  description: 'simulator backfill into a file workspace vs a bare appender loop',
  async run(ctx) {
    const machines = ctx.quick ? 20 : 100;
    const durationMs = (ctx.quick ? 30 : 60) * 60_000;
    const config: SimulatorConfig = { profile: 'servo', machines, seed: 7, start: Date.UTC(2026, 0, 1), faults: 'none' };

    const ws = await Workspace.open(join(ctx.dir, 'ingest.duckdb'));
    const ingestor = await Ingestor.create(ws);
    const summary = await backfill(ingestor, { config, durationMs, workerUrl: ctx.workerUrl });
    ws.close();
    ctx.log(`ingest: backfill stored ${summary.stored} readings in ${summary.elapsedMs.toFixed(0)} ms (${summary.threaded ? 'worker' : 'inline'})`);

    // The reference writes the very same readings, generated before the clock starts.
    const chunks = [...simulateChunks({ config, durationMs, ranges: [], targetReadings: 1_000_000 })];
    const ref = await Workspace.open(join(ctx.dir, 'reference.duckdb'));
    await ref.run(`CREATE TABLE plain (ts TIMESTAMP, machine USMALLINT, sensor USMALLINT, value DOUBLE)`);
    const started = performance.now();
    let rows = 0;
    for (const { batch } of chunks) {
      await ref.transaction(async (con) => {
        const appender = await ColumnAppender.create(con, 'plain', ['timestamp', 'u16', 'u16', 'f64']);
        appender.append([batch.ts, batch.machine, batch.sensor, batch.value], 0, batch.length);
        appender.close();
      });
      rows += batch.length;
    }
    const referenceRate = rows / ((performance.now() - started) / 1000);
    // Context only: the per-row Appender API on the first million of the same rows.
    const rowRate = await perRowAppenderRate(ref, chunks[0]!.batch);
    ref.close();

    const ratio = summary.readingsPerSecond / referenceRate;
    return [
      {
        case: 'ingest',
        value: round(summary.readingsPerSecond),
        unit: 'readings/s',
        reference: round(referenceRate),
        ratio: round(ratio),
        target: `>= ${TARGET_RATE} readings/s and ratio >= ${TARGET_RATIO}`,
        pass: summary.readingsPerSecond >= TARGET_RATE && ratio >= TARGET_RATIO,
        details: { readings: summary.stored, referenceRows: rows, perRowAppenderRate: round(rowRate), batches: summary.batches, machines, durationMs, threaded: summary.threaded },
      },
    ];
  },
};

async function perRowAppenderRate(ws: Workspace, batch: PreparedBatch): Promise<number> {
  await ws.run(`CREATE TABLE per_row (ts TIMESTAMP, machine USMALLINT, sensor USMALLINT, value DOUBLE)`);
  const started = performance.now();
  await ws.transaction(async (con) => {
    const appender = await con.createAppender('per_row');
    for (let i = 0; i < batch.length; i++) {
      appender.appendTimestamp(new DuckDBTimestampValue(BigInt(Math.round(batch.ts[i]! * 1000))));
      appender.appendUSmallInt(batch.machine[i]!);
      appender.appendUSmallInt(batch.sensor[i]!);
      appender.appendDouble(batch.value[i]!);
      appender.endRow();
    }
    appender.closeSync();
  });
  return batch.length / ((performance.now() - started) / 1000);
}
