import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { LabError } from '../../model';
import { importModel, listModels, loadModelFile, promote, resolveModel, type ModelEntry } from '../../ml/registry';
import { optionalString, requireString } from '../args';
import { withWorkspace, type Command } from '../command';
import { formatTable, printJson } from '../output';

export const modelsCommand: Command = {
  name: 'models',
  summary: 'list the model registry; compare versions; promote a version to live; export or import a model file',
  usage: 'servolab models --db FILE [--compare ID,ID,...] [--promote NAME@VERSION] [--export ID --out FILE] [--import FILE] [--json]',
  options: {
    db: { type: 'string' },
    promote: { type: 'string' },
    export: { type: 'string' },
    out: { type: 'string' },
    import: { type: 'string' },
    compare: { type: 'string' },
  },
  async run(values, io) {
    const db = requireString(values, 'db');
    const toPromote = optionalString(values, 'promote');
    const toExport = optionalString(values, 'export');
    const toImport = optionalString(values, 'import');
    const toCompare = optionalString(values, 'compare');
    if ([toPromote, toExport, toImport, toCompare].filter((v) => v !== undefined).length > 1) throw new LabError('usage', 'give one of --compare, --promote, --export, --import');
    await withWorkspace(db, toImport !== undefined, async (ws) => {
      if (toCompare !== undefined) {
        const ids = toCompare.split(',').map((t) => t.trim()).filter((t) => t !== '');
        if (ids.length < 2) throw new LabError('usage', '--compare needs two or more model ids, comma-separated');
        const entries = [];
        for (const id of ids) entries.push(await resolveModel(ws, id));
        const rows = compareRows(entries);
        if (values.json) return printJson(io, { models: entries.map((e) => e.id), rows: Object.fromEntries(rows.map(([k, ...v]) => [k, v])) });
        return io.out(formatTable(['', ...entries.map((e) => e.id)], rows));
      }
      if (toPromote !== undefined) {
        const entry = await promote(ws, toPromote);
        return values.json ? printJson(io, { live: entry.id }) : io.out(`${entry.id} is live`);
      }
      if (toExport !== undefined) {
        const out = requireString(values, 'out');
        const file = await loadModelFile(ws, await resolveModel(ws, toExport));
        writeFileSync(out, JSON.stringify(file));
        return values.json ? printJson(io, { exported: toExport, out }) : io.out(`exported ${toExport} to ${out}`);
      }
      if (toImport !== undefined) {
        let bytes: Buffer;
        try {
          bytes = readFileSync(toImport);
        } catch {
          throw new LabError('not_found', `cannot read ${toImport}`);
        }
        const text = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
        const entry = await importModel(ws, text, toImport);
        return values.json ? printJson(io, { imported: entry.id }) : io.out(`imported ${toImport} as ${entry.id}`);
      }
      const models = await listModels(ws);
      if (values.json) return printJson(io, { models });
      const metric = (m: Record<string, unknown>, key: string) => {
        const v = (m.heldOut as Record<string, unknown> | undefined)?.[key];
        return typeof v === 'number' ? Number(v.toFixed(3)) : null;
      };
      io.out(
        formatTable(
          ['id', 'live', 'algorithm', 'task', 'features', 'rows', 'f1', 'roc_auc', 'r2', 'created'],
          models.map((m) => [m.id, m.live ? 'live' : '', m.algorithm, m.task, m.features.length, m.data.rows ?? null, metric(m.metrics, 'f1'), metric(m.metrics, 'rocAuc'), metric(m.metrics, 'r2'), m.createdAt]),
        ),
      );
    });
  },
};

const COMPARED_METRICS = ['f1', 'precision', 'recall', 'accuracy', 'rocAuc', 'prAuc', 'threshold', 'mae', 'rmse', 'r2'] as const;
const COMPARED_PARAMS = ['trees', 'seed', 'balance', 'testFraction', 'validation', 'windowMs', 'horizonMs'] as const;

/** One row per field, one column per model: held-out metrics, then training setup and data. */
function compareRows(entries: ModelEntry[]): (string | number | null)[][] {
  const num = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(4)) : v === undefined || v === null ? null : String(v));
  const held = (e: ModelEntry) => (e.metrics.heldOut ?? {}) as Record<string, unknown>;
  const rows: (string | number | null)[][] = [
    ['algorithm', ...entries.map((e) => e.algorithm)],
    ['live', ...entries.map((e) => (e.live ? 'live' : ''))],
    ...COMPARED_METRICS.filter((k) => entries.some((e) => held(e)[k] !== undefined)).map((k) => [k, ...entries.map((e) => num(held(e)[k]))]),
    ['trainSeconds', ...entries.map((e) => num(e.metrics.trainSeconds))],
    ...COMPARED_PARAMS.filter((k) => entries.some((e) => e.params[k] !== undefined)).map((k) => [k, ...entries.map((e) => num(e.params[k]))]),
    ['features', ...entries.map((e) => e.features.length)],
    ['rows', ...entries.map((e) => num(e.data.rows))],
    ['source', ...entries.map((e) => num(e.data.source))],
  ];
  return rows;
}
