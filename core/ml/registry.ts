import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { blobValue } from '@duckdb/node-api';
import { LabError } from '../model';
import type { Workspace } from '../store/workspace';
import { parseModelFile, type ModelFile } from './model-file';

/**
 * The model registry (MLflow's role) in the workspace's `models` and `runs` tables. Every training
 * run gets a `runs` row; a finished one also a new version of its model name, with params, feature
 * list, data range, metrics and the gzipped model file as artifact, written in one transaction.
 * One version per name may be live; `live` finds it. Model ids read NAME@VERSION.
 */
export interface ModelEntry {
  id: string;
  name: string;
  version: number;
  algorithm: string;
  task: string;
  live: boolean;
  features: string[];
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  data: Record<string, unknown>;
  runId: string | null;
  createdAt: string;
}

const id = (name: string, version: number) => `${name}@${version}`;

export async function saveModel(ws: Workspace, file: ModelFile, run: { startedAt: Date; params: Record<string, unknown> }): Promise<ModelEntry> {
  const runId = randomUUID();
  const artifact = blobValue(gzipSync(JSON.stringify(file)));
  const version = await ws.transaction(async (con) => {
    const r = await con.runAndReadAll(`SELECT coalesce(max(version), 0) + 1 FROM models WHERE name = $name`, { name: file.name });
    const v = Number(r.getRowsJS()[0]![0]);
    await con.run(
      `INSERT INTO models (name, version, kind, params, features, metrics, artifact, created_at, live, data, run_id)
       VALUES ($name, $v, $kind, $params::JSON, $features::JSON, $metrics::JSON, $artifact, $created::TIMESTAMP, false, $data::JSON, $run)`,
      {
        name: file.name,
        v,
        kind: `${file.model.algorithm}/${file.model.task}`,
        params: JSON.stringify(file.params),
        features: JSON.stringify({ features: file.model.features, derived: file.derived }),
        metrics: JSON.stringify(file.metrics),
        artifact,
        created: file.createdAt,
        data: JSON.stringify(file.data),
        run: runId,
      },
    );
    await con.run(
      `INSERT INTO runs VALUES ($id, $model, 'finished', $params::JSON, $metrics::JSON, $started::TIMESTAMP, $finished::TIMESTAMP, NULL)`,
      { id: runId, model: id(file.name, v), params: JSON.stringify(run.params), metrics: JSON.stringify(file.metrics), started: run.startedAt.toISOString(), finished: new Date().toISOString() },
    );
    return v;
  });
  return (await listModels(ws)).find((m) => m.name === file.name && m.version === version)!;
}

/** A run that failed is recorded too (no model version), so the history shows it. */
export async function recordFailedRun(ws: Workspace, name: string, params: Record<string, unknown>, startedAt: Date, error: string): Promise<void> {
  await ws.run(`INSERT INTO runs VALUES ($id, $model, 'failed', $params::JSON, NULL, $started::TIMESTAMP, now()::TIMESTAMP, $error)`, {
    id: randomUUID(),
    model: name,
    params: JSON.stringify(params),
    started: startedAt.toISOString(),
    error,
  });
}

export async function listModels(ws: Workspace): Promise<ModelEntry[]> {
  const rows = await ws.rows<Record<string, unknown>>(
    `SELECT name, version, kind, coalesce(live, false) AS live, features::VARCHAR AS features, params::VARCHAR AS params, metrics::VARCHAR AS metrics,
       coalesce(data::VARCHAR, '{}') AS data, run_id, strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created
     FROM models ORDER BY name, version`,
  );
  return rows.map((r) => {
    const [algorithm, task] = String(r.kind).split('/');
    return {
      id: id(String(r.name), Number(r.version)),
      name: String(r.name),
      version: Number(r.version),
      algorithm: algorithm ?? '',
      task: task ?? '',
      live: r.live === true,
      features: (JSON.parse(String(r.features)) as { features: string[] }).features,
      params: JSON.parse(String(r.params)) as Record<string, unknown>,
      metrics: JSON.parse(String(r.metrics)) as Record<string, unknown>,
      data: JSON.parse(String(r.data)) as Record<string, unknown>,
      runId: r.run_id === null ? null : String(r.run_id),
      createdAt: String(r.created),
    };
  });
}

/** NAME@VERSION, NAME@live, or `live` (the only live model in the workspace). */
export async function resolveModel(ws: Workspace, ref: string): Promise<ModelEntry> {
  const models = await listModels(ws);
  if (ref === 'live') {
    const live = models.filter((m) => m.live);
    if (live.length === 0) throw new LabError('not_found', 'no model is live (promote one: servolab models --promote NAME@VERSION)');
    if (live.length > 1) throw new LabError('invalid_input', `several models are live (${live.map((m) => m.id).join(', ')}): name one as NAME@live`);
    return live[0]!;
  }
  const at = ref.lastIndexOf('@');
  if (at <= 0) throw new LabError('usage', `model id "${ref}" must look like NAME@VERSION, NAME@live or live`);
  const name = ref.slice(0, at);
  const version = ref.slice(at + 1);
  const found = models.find((m) => m.name === name && (version === 'live' ? m.live : String(m.version) === version));
  if (!found) throw new LabError('not_found', `no model ${ref} (models: ${models.map((m) => m.id).join(', ') || 'none'})`);
  return found;
}

export async function loadModelFile(ws: Workspace, entry: ModelEntry): Promise<ModelFile> {
  const rows = await ws.rows<{ artifact: Uint8Array }>(`SELECT artifact FROM models WHERE name = $name AND version = $v`, { name: entry.name, v: entry.version });
  return parseModelFile(gunzipSync(rows[0]!.artifact).toString('utf8'), `artifact of ${entry.id}`);
}

export async function promote(ws: Workspace, ref: string): Promise<ModelEntry> {
  const entry = await resolveModel(ws, ref);
  await ws.transaction(async (con) => {
    await con.run(`UPDATE models SET live = false WHERE name = $name AND live`, { name: entry.name });
    await con.run(`UPDATE models SET live = true WHERE name = $name AND version = $v`, { name: entry.name, v: entry.version });
  });
  return { ...entry, live: true };
}

/** Stores an exported model file as the next version of its name (never live on arrival). */
export async function importModel(ws: Workspace, text: string, where: string): Promise<ModelEntry> {
  const file = parseModelFile(text, where);
  return saveModel(ws, file, { startedAt: new Date(), params: { imported: where, ...file.params } });
}
