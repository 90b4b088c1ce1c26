import { LabError } from '../model';
import type { Catalog } from '../store/catalog';
import { toMicros } from '../store/series';
import type { Workspace } from '../store/workspace';

/**
 * Windowed aggregates per machine × sensor: tumbling (hop = width) or hopping (hop < width)
 * windows aligned to the epoch, e.g. the Sensor-Logger project's 10-second Spark windows, done in
 * DuckDB. count/sum/sum of squares/min/max merge exactly, so when the width, the hop and the range
 * edges fall on the rollup grid whole `rollup_1s`/`rollup_1m` cells are aggregated instead of
 * raw readings: the same answer (up to float summation order) from far fewer rows.
 */
export const WINDOW_AGGS = ['avg', 'min', 'max', 'std', 'count'] as const;
export type WindowAgg = (typeof WINDOW_AGGS)[number];
export type WindowLevel = 'raw' | '1s' | '1m';

export interface WindowRequest {
  /** Window width, ms. */
  everyMs: number;
  /** Step between window starts, ms (default: the width, i.e. tumbling). */
  hopMs?: number;
  machine?: string;
  sensor?: string;
  from?: number;
  to?: number;
  /** Force a level (tests); by default the coarsest exact one. */
  level?: WindowLevel;
  /** At most this many rows (default 100,000); `truncated` says when more existed. */
  limit?: number;
}

export interface WindowRow {
  machine: string;
  sensor: string;
  /** Window start and end (exclusive), ISO-8601 UTC. */
  start: string;
  end: string;
  count: number;
  avg: number;
  min: number;
  max: number;
  /** Sample standard deviation; null for a single reading. */
  std: number | null;
}

export interface WindowResult {
  level: WindowLevel;
  everyMs: number;
  hopMs: number;
  rows: WindowRow[];
  truncated: boolean;
}

/** A reading belongs to at most this many hopping windows (width / hop). */
const MAX_OVERLAP = 1000;
const GRID_MS: Record<Exclude<WindowLevel, 'raw'>, number> = { '1s': 1000, '1m': 60_000 };

export function chooseWindowLevel(everyMs: number, hopMs: number, from?: number, to?: number): WindowLevel {
  const fits = (grid: number) => [everyMs, hopMs, from ?? 0, to ?? 0].every((x) => x % grid === 0);
  if (fits(GRID_MS['1m'])) return '1m';
  if (fits(GRID_MS['1s'])) return '1s';
  return 'raw';
}

export async function windowAggregates(ws: Workspace, catalog: Catalog, request: WindowRequest): Promise<WindowResult> {
  const every = request.everyMs;
  const hop = request.hopMs ?? every;
  if (!Number.isFinite(every) || every <= 0 || !Number.isInteger(toMicros(every))) throw new LabError('invalid_input', 'window width must be a positive duration');
  if (!Number.isFinite(hop) || hop <= 0 || hop > every) throw new LabError('invalid_input', 'hop must be positive and at most the window width');
  if (every / hop > MAX_OVERLAP) throw new LabError('invalid_input', `hop is too small: a reading would fall in more than ${MAX_OVERLAP} windows`);
  if (request.from !== undefined && request.to !== undefined && request.to <= request.from) throw new LabError('invalid_input', 'the range needs from < to');
  const level = request.level ?? chooseWindowLevel(every, hop, request.from, request.to);
  const limit = request.limit ?? 100_000;
  const where: string[] = [];
  // DuckDB refuses a named parameter the statement does not use: `every` only for hopping.
  const params: Record<string, number> = { hop: toMicros(hop), limit: limit + 1, ...(hop === every ? {} : { every: toMicros(every) }) };
  const time = level === 'raw' ? 'ts' : 'bucket';
  if (request.machine !== undefined) {
    const id = catalog.machineId(request.machine);
    if (id === undefined) throw new LabError('not_found', `unknown machine "${request.machine}"`);
    where.push('machine = $m');
    params.m = id;
  }
  if (request.sensor !== undefined) {
    const id = catalog.sensorId(request.sensor);
    if (id === undefined) throw new LabError('not_found', `unknown sensor "${request.sensor}"`);
    where.push('sensor = $s');
    params.s = id;
  }
  if (request.from !== undefined) {
    where.push(`${time} >= make_timestamp($from::BIGINT)`);
    params.from = toMicros(request.from);
  }
  if (request.to !== undefined) {
    where.push(`${time} < make_timestamp($to::BIGINT)`);
    params.to = toMicros(request.to);
  }
  const source = level === 'raw'
    ? `SELECT machine, sensor, epoch_us(ts) AS t, 1 AS n, value AS s, value * value AS ss, value AS lo, value AS hi FROM readings`
    : `SELECT machine, sensor, epoch_us(bucket) AS t, n, sum AS s, sum_sq AS ss, min AS lo, max AS hi FROM ${level === '1s' ? 'rollup_1s' : 'rollup_1m'}`;
  // Window k covers [k·hop, k·hop + width); a point at t is in every k from ⌊(t − width)/hop⌋ + 1 to ⌊t/hop⌋.
  const windows = hop === every ? `t // $hop::BIGINT AS k` : `unnest(range((t - $every::BIGINT) // $hop::BIGINT + 1, t // $hop::BIGINT + 1)) AS k`;
  const rows = await ws.rows<Record<string, unknown>>(
    `SELECT m.name AS machine, s.name AS sensor, k * $hop::BIGINT AS start_us, n, total / n AS avg, lo, hi,
       CASE WHEN n > 1 THEN sqrt(greatest((ss - total * total / n) / (n - 1), 0)) END AS std
     FROM (SELECT machine, sensor, k, sum(n)::DOUBLE AS n, sum(s) AS total, sum(ss) AS ss, min(lo) AS lo, max(hi) AS hi
           FROM (SELECT machine, sensor, n, s, ss, lo, hi, ${windows} FROM (${source} ${where.length ? 'WHERE ' + where.join(' AND ') : ''}))
           GROUP BY machine, sensor, k) g
     JOIN machines m ON m.id = g.machine JOIN sensors s ON s.id = g.sensor
     ORDER BY m.name, s.name, k
     LIMIT $limit`,
    params,
  );
  const truncated = rows.length > limit;
  return {
    level,
    everyMs: every,
    hopMs: hop,
    truncated,
    rows: rows.slice(0, limit).map((r) => {
      const startMs = Number(r.start_us) / 1000;
      return {
        machine: String(r.machine),
        sensor: String(r.sensor),
        start: new Date(startMs).toISOString(),
        end: new Date(startMs + every).toISOString(),
        count: Number(r.n),
        avg: Number(r.avg),
        min: Number(r.lo),
        max: Number(r.hi),
        std: r.std === null || r.std === undefined ? null : Number(r.std),
      };
    }),
  };
}
