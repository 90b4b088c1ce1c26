import { writeFileSync } from 'node:fs';
import { LabError } from '../../model';
import { loadFeatures, type DataSource } from '../../ml/dataset';
import { classification, regression } from '../../ml/metrics';
import { loadModelFile, resolveModel } from '../../ml/registry';
import { scoreWith } from '../../ml/run';
import { optionalString, requireString } from '../args';
import { withWorkspace, type Command } from '../command';
import { printJson } from '../output';

export const predictCommand: Command = {
  name: 'predict',
  summary: 'score rows of a CSV file or training table with a stored model (metrics when the label is there)',
  usage: 'servolab predict --db FILE --model NAME@VERSION|live (--csv FILE | --table NAME) [--out FILE] [--json]',
  options: {
    db: { type: 'string' },
    model: { type: 'string' },
    csv: { type: 'string' },
    table: { type: 'string' },
    out: { type: 'string' },
  },
  async run(values, io) {
    const db = requireString(values, 'db');
    const ref = requireString(values, 'model');
    const csv = optionalString(values, 'csv');
    const table = optionalString(values, 'table');
    if ((csv === undefined) === (table === undefined)) throw new LabError('usage', 'give one of --csv FILE or --table NAME');
    const source: DataSource = csv !== undefined ? { kind: 'csv', path: csv } : { kind: 'table', name: table! };
    await withWorkspace(db, false, async (ws) => {
      const entry = await resolveModel(ws, ref);
      const file = await loadModelFile(ws, entry);
      if (file.data.source === 'readings') throw new LabError('invalid_input', `${entry.id} is a series model (windows of workspace readings); predict scores table rows with a table model`);
      const { x, label } = await ws.exclusive((con) =>
        loadFeatures(con, source, { features: file.model.features, derived: file.derived, encodings: file.encodings, label: file.label }),
      );
      const { score, predicted } = scoreWith(file, x);
      // When the data carries the label, say how the model did on it.
      let metrics: unknown = null;
      if (label) {
        const keep = label.map((v, i) => (v === null || v === undefined ? -1 : i)).filter((i) => i >= 0);
        const truth = Float64Array.from(keep, (i) => (file.classes ? (String(label[i]) === file.classes[1] ? 1 : 0) : Number(label[i])));
        const s = Float64Array.from(keep, (i) => score[i]!);
        metrics = file.model.task === 'regression' ? regression(truth, s) : classification(truth, s, file.threshold ?? 0.5);
      }
      const lines = ['row,score' + (predicted ? ',predicted' : '')];
      for (let i = 0; i < x.rows; i++) lines.push(`${i + 1},${score[i]}${predicted ? `,${csvCell(predicted[i]!)}` : ''}`);
      const out = optionalString(values, 'out');
      if (out !== undefined) writeFileSync(out, lines.join('\n') + '\n');
      if (values.json) {
        return printJson(io, {
          model: entry.id,
          rows: x.rows,
          threshold: file.threshold,
          metrics,
          ...(out === undefined ? { predictions: Array.from(score, (s, i) => ({ row: i + 1, score: s, ...(predicted ? { predicted: predicted[i] } : {}) })) } : { out }),
        });
      }
      if (out === undefined) io.out(lines.join('\n'));
      else io.out(`scored ${x.rows} rows with ${entry.id} → ${out}`);
      if (metrics) io.err(`on this data: ${JSON.stringify(metrics)}`);
    });
  },
};

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
