import { LabError } from '../model';
import type { Catalog } from '../store/catalog';
import { seriesStats, type SeriesStats } from '../store/queries';
import type { Workspace } from '../store/workspace';

/**
 * Two time periods side by side: the summary statistics of each per machine × sensor (the same
 * exact statistics as `stats`) and their difference (b − a). A series present in only one period
 * appears with the other side null.
 */
export interface Period {
  from: number;
  to: number;
}

export interface CompareRequest {
  a: Period;
  b: Period;
  machine?: string;
  sensor?: string;
}

export type PeriodStats = Omit<SeriesStats, 'machine' | 'sensor' | 'unit'>;

export interface PeriodDifference {
  count: number;
  mean: number;
  /** (mean_b − mean_a) / |mean_a| × 100; null when mean_a is 0. */
  meanPercent: number | null;
  std: number | null;
  min: number;
  max: number;
  p50: number;
  p95: number;
}

export interface SeriesComparison {
  machine: string;
  sensor: string;
  unit: string;
  a: PeriodStats | null;
  b: PeriodStats | null;
  diff: PeriodDifference | null;
}

function checkPeriod(p: Period, name: string): void {
  if (!Number.isFinite(p.from) || !Number.isFinite(p.to) || p.to <= p.from) throw new LabError('invalid_input', `period ${name} needs from < to`);
}

export async function comparePeriods(ws: Workspace, catalog: Catalog, request: CompareRequest): Promise<SeriesComparison[]> {
  checkPeriod(request.a, 'a');
  checkPeriod(request.b, 'b');
  const filter = { machine: request.machine, sensor: request.sensor };
  const a = await seriesStats(ws, catalog, { ...filter, ...request.a });
  const b = await seriesStats(ws, catalog, { ...filter, ...request.b });
  const key = (s: SeriesStats) => `${s.machine}\u0000${s.sensor}`;
  const byKey = new Map<string, SeriesComparison>();
  const strip = ({ machine: _m, sensor: _s, unit: _u, ...rest }: SeriesStats): PeriodStats => rest;
  for (const s of a) byKey.set(key(s), { machine: s.machine, sensor: s.sensor, unit: s.unit, a: strip(s), b: null, diff: null });
  for (const s of b) {
    const entry = byKey.get(key(s)) ?? { machine: s.machine, sensor: s.sensor, unit: s.unit, a: null, b: null, diff: null };
    entry.b = strip(s);
    byKey.set(key(s), entry);
  }
  const out = [...byKey.values()].sort((x, y) => x.machine.localeCompare(y.machine) || x.sensor.localeCompare(y.sensor));
  for (const c of out) if (c.a && c.b) c.diff = difference(c.a, c.b);
  return out;
}

function difference(a: PeriodStats, b: PeriodStats): PeriodDifference {
  return {
    count: b.count - a.count,
    mean: b.mean - a.mean,
    meanPercent: a.mean === 0 ? null : ((b.mean - a.mean) / Math.abs(a.mean)) * 100,
    std: a.std === null || b.std === null ? null : b.std - a.std,
    min: b.min - a.min,
    max: b.max - a.max,
    p50: b.p50 - a.p50,
    p95: b.p95 - a.p95,
  };
}
