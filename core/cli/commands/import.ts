import { existsSync } from 'node:fs';
import { describeMapping, detectFile, discardPlan, importFile, type ImportOptions, type ImportPlan, type ImportResult } from '../../ingest/file-import';
import { listImports } from '../../ingest/files/history';
import { parseUnits } from '../../ingest/files/mapping';
import type { FormatChoice } from '../../ingest/files/types';
import { LabError } from '../../model';
import { choiceOption, optionalString, requireString } from '../args';
import { withWorkspace, type Command } from '../command';
import { formatTable, printJson, type CliIO } from '../output';

const FORMATS: readonly FormatChoice[] = ['auto', 'csv', 'parquet', 'jsonl', 'sensorlogger', 'table'];

export const importCommand: Command = {
  name: 'import',
  summary: 'import CSV/TSV, Parquet, JSON lines (also gzipped), Sensor Logger exports or training tables',
  usage:
    'servolab import FILE... --db FILE [--format auto|csv|parquet|jsonl|sensorlogger|table] [--delimiter C] [--timestamp COL] ' +
    '[--time-format iso|epoch-s|epoch-ms|epoch-us|epoch-ns|PATTERN] [--time-zone ZONE] [--machine COL | --machine-name NAME] ' +
    '[--sensors COL,...] [--long SENSOR_COL,VALUE_COL] [--units S=U,...] [--table NAME] [--again] [--preview] [--json]\n' +
    '       servolab import --history --db FILE [--json]',
  positionals: true,
  options: {
    db: { type: 'string' },
    format: { type: 'string' },
    delimiter: { type: 'string' },
    timestamp: { type: 'string' },
    'time-format': { type: 'string' },
    'time-zone': { type: 'string' },
    machine: { type: 'string' },
    'machine-name': { type: 'string' },
    sensors: { type: 'string' },
    long: { type: 'string' },
    units: { type: 'string' },
    table: { type: 'string' },
    again: { type: 'boolean' },
    preview: { type: 'boolean' },
    history: { type: 'boolean' },
  },
  async run(values, io, files) {
    const db = requireString(values, 'db');
    if (values.history) {
      if (files.length) throw new LabError('usage', '--history takes no FILE');
      return showHistory(db, io, values.json === true);
    }
    if (files.length === 0) throw new LabError('usage', 'give at least one FILE to import');
    const options = importOptions(values);
    const preview = values.preview === true;
    const results: ImportResult[] = [];
    const plans: unknown[] = [];
    // A preview reads nothing from the workspace: it works before the workspace exists.
    await withWorkspace(preview && !existsSync(db) ? ':memory:' : db, true, async (ws, catalog) => {
      for (const file of files) {
        const plan = await detectFile(ws, file, options);
        if (preview) {
          discardPlan(plan);
          if (values.json) plans.push(planJson(plan));
          else io.out(describePlan(plan));
          continue;
        }
        results.push(await importWithCancel(() => importFile(ws, catalog, plan, { again: options.again, signal: controller.signal, onProgress: progressPrinter(io, values.json === true, plan.name) })));
      }
    });
    if (preview) return values.json ? printJson(io, { plans }) : undefined;
    const total = (f: (r: ImportResult) => number) => results.reduce((n, r) => n + f(r), 0);
    if (values.json) {
      return printJson(io, { imported: total((r) => r.imported), quarantined: total((r) => r.quarantined), seconds: total((r) => r.seconds), imports: results });
    }
    for (const r of results) {
      const what = r.target === 'readings' ? `${r.imported} readings` : `${r.imported} rows into table ${r.target}`;
      io.out(`${r.name}: imported ${what} from ${r.rows} records, ${r.quarantined} quarantined, ${r.empty} empty cells, in ${r.seconds.toFixed(2)} s (import #${r.importId})`);
      for (const w of r.warnings) io.err(`  warning: ${w}`);
      if (r.quarantined > 0) io.out(`  see: servolab quarantine --db ${db} --source file:${r.name}`);
    }
  },
};

const controller = new AbortController();

/** Ctrl-C cancels the running import (one transaction: nothing of it stays). */
async function importWithCancel<T>(fn: () => Promise<T>): Promise<T> {
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await fn();
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

function importOptions(values: Record<string, string | boolean | undefined>): ImportOptions & { again: boolean } {
  const list = (name: string) => optionalString(values, name)?.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const long = list('long');
  if (long && long.length !== 2) throw new LabError('usage', '--long takes SENSOR_COL,VALUE_COL');
  const delimiter = optionalString(values, 'delimiter');
  const delim = delimiter === 'tab' || delimiter === '\\t' ? '\t' : delimiter;
  if (delim !== undefined && [...delim].length !== 1) throw new LabError('usage', '--delimiter must be one character (or "tab")');
  return {
    format: choiceOption(values, 'format', FORMATS, 'auto'),
    delimiter: delim,
    timestamp: optionalString(values, 'timestamp'),
    timeFormat: optionalString(values, 'time-format'),
    timeZone: optionalString(values, 'time-zone'),
    machine: optionalString(values, 'machine'),
    machineName: optionalString(values, 'machine-name'),
    sensors: list('sensors'),
    long: long ? { sensor: long[0]!, value: long[1]! } : undefined,
    units: parseUnits(optionalString(values, 'units')),
    table: optionalString(values, 'table'),
    again: values.again === true,
  };
}

/** Progress on stderr, only for a terminal (and never with --json): at most one line per 5 %. */
function progressPrinter(io: CliIO, json: boolean, name: string) {
  if (json || !process.stderr.isTTY) return undefined;
  let last = -5;
  return (p: { phase: string; percent: number }) => {
    if (p.percent - last < 5 && p.phase !== 'done') return;
    last = p.percent;
    io.err(`${name}: ${p.phase} ${p.percent.toFixed(0)}%`);
  };
}

function planJson(plan: ImportPlan): unknown {
  return {
    file: plan.path,
    format: plan.format,
    target: plan.target === 'table' ? `training.${plan.table}` : 'readings',
    mapping: describeMapping(plan),
    columns: plan.parts[0]?.columns ?? [],
    preview: plan.preview,
    warnings: plan.warnings,
  };
}

function describePlan(plan: ImportPlan): string {
  const lines = [`${plan.name}: ${plan.format}${plan.recognized ? ` (recognised: ${plan.recognized})` : ''} → ${plan.target === 'table' ? `training table "${plan.table}"` : 'readings'}`];
  for (const p of plan.parts) {
    const d = p.dialect;
    if (d && p.format === 'csv') {
      const delimiter = d.delimiter === '\t' ? 'tab' : `'${d.delimiter}'`;
      lines.push(`  ${p.label}: delimiter ${delimiter}, ${d.header ? 'header' : 'no header'}, decimal '${d.decimal}', ${d.encoding}${d.gzip ? ', gzip' : ''}`);
    }
    if (p.mapping) {
      const m = p.mapping;
      const tf = describeMapping({ ...plan, parts: [p] }) as { parts: { timeFormat: string }[] };
      lines.push(`  timestamp: ${m.timestamp} (${tf.parts[0]!.timeFormat}, zone ${plan.timeZone})`);
      lines.push(`  machine: ${'name' in m.machine ? `"${m.machine.name}" (constant)` : `column ${m.machine.column}`}`);
      lines.push(m.values.layout === 'wide'
        ? `  values (wide): ${m.values.sensors.map((s) => (s.column === s.sensor ? s.sensor : `${s.column} → ${s.sensor}`)).join(', ')}`
        : `  values (long): sensor column ${m.values.sensorColumn}, value column ${m.values.valueColumn}`);
    } else {
      lines.push(`  columns: ${p.columns.map((c) => `${c.name} ${c.type}`).join(', ')}`);
    }
  }
  for (const w of plan.warnings) lines.push(`  warning: ${w}`);
  if (plan.preview.rows.length) lines.push(formatTable(plan.preview.columns, plan.preview.rows));
  return lines.join('\n');
}

async function showHistory(db: string, io: CliIO, json: boolean): Promise<void> {
  const imports = await withWorkspace(db, false, (ws) => listImports(ws));
  if (json) return printJson(io, { imports });
  if (imports.length === 0) return io.out('no imports yet');
  io.out(formatTable(
    ['id', 'finished', 'name', 'format', 'target', 'rows', 'imported', 'quarantined', 'seconds', 'sha256'],
    imports.map((r) => [r.id, r.finishedAt, r.name, r.format, r.target, r.rows, r.imported, r.quarantined, r.seconds, r.sha256.slice(0, 12)]),
  ));
}
