import { CycleDetector, loadCycles, readSeriesChunks, saveCycles, summarizeCycles, type CycleMetrics, type CycleOptions } from '../cycles';
import type { Ingestor } from '../ingest/ingestor';
import { LabError } from '../model';
import { resolveSeries, type SeriesRef } from '../store/series';
import type { Workspace } from '../store/workspace';
import type { CycleProgress, CyclesDetectResponse, CyclesListResponse } from './contract';
import type { LabParsedRequest } from './schemas';

/**
 * Rows read per step of a detection. Each step awaits the database, so a long range never holds
 * the process for longer than one chunk's detection (a few ms) and can be cancelled in between.
 */
const DETECT_CHUNK = 250_000;

/**
 * Cycle detection for one LabSession: at most one detection at a time per client — starting a
 * new one (or `cancel()`) cancels the previous between two chunks.
 */
export class SessionCycles {
  private running: AbortController | null = null;

  constructor(
    private readonly ws: Workspace,
    private readonly ingestor: Ingestor,
    private readonly progress: (p: CycleProgress) => void,
  ) {}

  cancel(): boolean {
    const was = this.running !== null;
    this.running?.abort();
    this.running = null;
    return was;
  }

  async detect(r: LabParsedRequest<'cyclesDetect'>): Promise<CyclesDetectResponse> {
    const options: CycleOptions = { threshold: r.threshold, minGapMs: r.minGapMs, minDurationMs: r.minDurationMs };
    const detector = new CycleDetector(options); // bad parameter combinations fail before any read
    const series = resolveSeries(this.ingestor.catalog, r.machine, r.sensor);
    this.cancel();
    const job = new AbortController();
    this.running = job;
    try {
      const range = { from: r.from, to: r.to };
      const extent = await seriesExtent(this.ws, series, range);
      const cycles: CycleMetrics[] = [];
      let readings = 0;
      for await (const part of readSeriesChunks(this.ws, series, range, DETECT_CHUNK)) {
        if (job.signal.aborted) throw new LabError('cancelled', 'cycle detection cancelled');
        readings += part.ts.length;
        for (const c of detector.push(part.ts, part.value)) cycles.push(c.metrics);
        const last = part.ts[part.ts.length - 1]!;
        this.progress({ machine: r.machine, sensor: r.sensor, readings, fraction: extent ? Math.min(1, (last - extent.from) / Math.max(1, extent.to - extent.from)) : 1 });
      }
      if (job.signal.aborted) throw new LabError('cancelled', 'cycle detection cancelled');
      for (const c of detector.finish()) cycles.push(c.metrics);
      const saved = r.save ? await saveCycles(this.ws, [{ machine: r.machine, sensor: r.sensor, detector: detector.name, cycles }], range) : null;
      return {
        machine: r.machine,
        sensor: r.sensor,
        detector: detector.name,
        mode: detector.options.mode,
        readings,
        total: cycles.length,
        cycles: cycles.slice(0, r.limit),
        summary: summarizeCycles(cycles),
        saved,
      };
    } finally {
      if (this.running === job) this.running = null;
    }
  }
}

/** Stored cycles, bounded: one row more than asked tells whether the list was cut. */
export async function listCycles(ws: Workspace, r: LabParsedRequest<'cyclesList'>): Promise<CyclesListResponse> {
  const rows = await loadCycles(ws, { machine: r.machine, sensor: r.sensor, detector: r.detector, from: r.from, to: r.to, limit: r.limit + 1 });
  return { cycles: rows.slice(0, r.limit), truncated: rows.length > r.limit };
}

/** The first and last reading time of a series inside the range (from the 1 min rollup), for progress. */
async function seriesExtent(ws: Workspace, series: SeriesRef, range: { from?: number | undefined; to?: number | undefined }): Promise<{ from: number; to: number } | null> {
  const [row] = await ws.rows<{ lo: number | null; hi: number | null }>(
    `SELECT min(epoch_us(first_ts)) / 1000.0 AS lo, max(epoch_us(last_ts)) / 1000.0 AS hi FROM rollup_1m WHERE machine = $m AND sensor = $s`,
    { m: series.machineId, s: series.sensorId },
  );
  if (row?.lo == null || row.hi == null) return null;
  return { from: Math.max(row.lo, range.from ?? -Infinity), to: Math.min(row.hi, range.to ?? Infinity) };
}
