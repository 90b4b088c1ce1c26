import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { LabError } from '../../model';
import { importModel, listModels, loadModelFile, promote, resolveModel } from '../../ml/registry';
import { optionalString, requireString } from '../args';
import { withWorkspace, type Command } from '../command';
import { formatTable, printJson } from '../output';

export const modelsCommand: Command = {
  name: 'models',
  summary: 'list the model registry; promote a version to live; export or import a model file',
  usage: 'servolab models --db FILE [--promote NAME@VERSION] [--export ID --out FILE] [--import FILE] [--json]',
  options: {
    db: { type: 'string' },
    promote: { type: 'string' },
    export: { type: 'string' },
    out: { type: 'string' },
    import: { type: 'string' },
  },
  async run(values, io) {
    const db = requireString(values, 'db');
    const toPromote = optionalString(values, 'promote');
    const toExport = optionalString(values, 'export');
    const toImport = optionalString(values, 'import');
    if ([toPromote, toExport, toImport].filter((v) => v !== undefined).length > 1) throw new LabError('usage', 'give one of --promote, --export, --import');
    await withWorkspace(db, toImport !== undefined, async (ws) => {
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
