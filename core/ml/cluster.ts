import { kmeans } from 'ml-kmeans';
import { LabError } from '../model';
import type { Workspace } from '../store/workspace';
import { Rng } from './random';

/**
 * Failure-pattern clustering (the ML platform's trainer): one feature row per failure episode —
 * an event with onset and failure time — made of mean, std, min and max of every sensor of its
 * machine over [onset, failure] plus its duration, aggregated by DuckDB; standardised; k-means
 * (ml-kmeans, k-means++ seeding). Quality: the mean silhouette (on a seeded sample of at most
 * 2,000 episodes: it costs n² distances). When episodes carry known kinds (simulator ground
 * truth, imported labels), each cluster is matched to its majority kind, with its purity.
 */
export interface ClusterRequest {
  /** Number of clusters; without it k = 2..8 is tried and the best silhouette wins. */
  k?: number;
  seed?: number;
}

export interface ClusterInfo {
  cluster: number;
  size: number;
  kind: string;
  purity: number;
}

export interface ClusterResult {
  k: number;
  episodes: number;
  features: string[];
  silhouette: number;
  /** Share of episodes whose kind is their cluster's majority kind. */
  purity: number;
  clusters: ClusterInfo[];
  tried?: { k: number; silhouette: number }[];
}

const STATS = ['mean', 'std', 'min', 'max'] as const;
const SILHOUETTE_SAMPLE = 2000;

async function episodeFeatures(ws: Workspace): Promise<{ kinds: string[]; names: string[]; rows: number[][] }> {
  const [ids, kinds, sensors, mean, std, min, max, dur] = await ws.columns(
    `SELECT e.id, e.kind, s.name AS sensor, avg(r.value), coalesce(stddev_pop(r.value), 0), min(r.value), max(r.value),
       (epoch_ms(e.failure) - epoch_ms(e.onset)) / 1000.0
     FROM events e JOIN machines m ON m.name = e.machine
       JOIN readings r ON r.machine = m.id AND r.ts >= e.onset AND r.ts <= e.failure
       JOIN sensors s ON s.id = r.sensor
     WHERE e.failure IS NOT NULL
     GROUP BY ALL ORDER BY e.id, sensor`,
  );
  if (!ids || ids.length === 0) throw new LabError('invalid_input', 'no failure episodes with readings in the workspace (simulate with --faults first)');
  const sensorNames = [...new Set(sensors!.map(String))].sort();
  const names = [...sensorNames.flatMap((s) => STATS.map((st) => `${s}.${st}`)), 'duration_s'];
  const byId = new Map<string, number>();
  const rows: number[][] = [];
  const kindOf: string[] = [];
  const stats = [mean!, std!, min!, max!];
  ids.forEach((id, i) => {
    const key = String(id);
    let row = byId.get(key);
    if (row === undefined) {
      row = rows.length;
      byId.set(key, row);
      rows.push(new Array<number>(names.length).fill(NaN));
      kindOf.push(String(kinds![i]));
      rows[row]![names.length - 1] = Number(dur![i]);
    }
    const base = sensorNames.indexOf(String(sensors![i])) * STATS.length;
    stats.forEach((col, k) => (rows[row]![base + k] = Number(col[i])));
  });
  return { kinds: kindOf, names, rows };
}

/** z-scores per column; missing values (a sensor silent in an episode) become the mean, 0. */
export function standardise(rows: number[][]): number[][] {
  const d = rows[0]?.length ?? 0;
  const out = rows.map((r) => r.slice());
  for (let j = 0; j < d; j++) {
    const v = rows.map((r) => r[j]!).filter(Number.isFinite);
    const m = v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length)) || 1;
    for (const r of out) r[j] = Number.isFinite(r[j]!) ? (r[j]! - m) / sd : 0;
  }
  return out;
}

/** Mean silhouette (Rousseeuw 1987) with Euclidean distance. */
export function silhouette(points: number[][], labels: number[]): number {
  const k = Math.max(...labels) + 1;
  let total = 0;
  for (let i = 0; i < points.length; i++) {
    const sum = new Float64Array(k);
    const count = new Float64Array(k);
    for (let j = 0; j < points.length; j++) {
      if (i === j) continue;
      let d = 0;
      const p = points[i]!, q = points[j]!;
      for (let c = 0; c < p.length; c++) d += (p[c]! - q[c]!) ** 2;
      sum[labels[j]!]! += Math.sqrt(d);
      count[labels[j]!]!++;
    }
    const own = labels[i]!;
    if (count[own] === 0) continue; // a singleton's silhouette is 0 by convention
    const a = sum[own]! / count[own]!;
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && count[c]! > 0) b = Math.min(b, sum[c]! / count[c]!);
    if (Number.isFinite(b)) total += (b - a) / Math.max(a, b);
  }
  return total / points.length;
}

function sampleIndex(n: number, seed: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  if (n <= SILHOUETTE_SAMPLE) return idx;
  return Array.from(new Rng(seed, 77).shuffle(Int32Array.from(idx)).subarray(0, SILHOUETTE_SAMPLE));
}

function fit(points: number[][], k: number, seed: number): { labels: number[]; silhouette: number } {
  const labels = kmeans(points, k, { seed, initialization: 'kmeans++', maxIterations: 300 }).clusters;
  const s = sampleIndex(points.length, seed);
  return { labels, silhouette: silhouette(s.map((i) => points[i]!), s.map((i) => labels[i]!)) };
}

export async function clusterEpisodes(ws: Workspace, request: ClusterRequest = {}): Promise<ClusterResult> {
  const seed = request.seed ?? 42;
  const { kinds, names, rows } = await episodeFeatures(ws);
  const points = standardise(rows);
  if (request.k !== undefined && (request.k < 2 || request.k > points.length)) throw new LabError('usage', `--k must be from 2 to the number of episodes (${points.length})`);
  let tried: { k: number; silhouette: number }[] | undefined;
  let best: { k: number; labels: number[]; silhouette: number };
  if (request.k !== undefined) best = { k: request.k, ...fit(points, request.k, seed) };
  else {
    tried = [];
    best = { k: 0, labels: [], silhouette: -Infinity };
    for (let k = 2; k <= Math.min(8, points.length - 1); k++) {
      const f = fit(points, k, seed);
      tried.push({ k, silhouette: f.silhouette });
      if (f.silhouette > best.silhouette) best = { k, ...f };
    }
    if (best.k === 0) throw new LabError('invalid_input', `too few episodes to cluster (${points.length})`);
  }
  const clusters: ClusterInfo[] = [];
  let matched = 0;
  for (let c = 0; c < best.k; c++) {
    const members = kinds.filter((_, i) => best.labels[i] === c);
    const counts = new Map<string, number>();
    for (const m of members) counts.set(m, (counts.get(m) ?? 0) + 1);
    const [kind, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    matched += n;
    clusters.push({ cluster: c, size: members.length, kind, purity: members.length > 0 ? n / members.length : 0 });
  }
  return { k: best.k, episodes: points.length, features: names, silhouette: best.silhouette, purity: matched / points.length, clusters, tried };
}
