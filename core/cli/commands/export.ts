import { exportReadings } from '../../store/export';
import { choiceOption, optionalString, requireString, timeOption } from '../args';
import { withWorkspace, type Command } from '../command';
import { printJson } from '../output';

export const exportCommand: Command = {
  name: 'export',
  summary: 'export readings to CSV or Parquet (optionally hive-partitioned by machine and day)',
  usage: 'servolab export --db FILE --format csv|parquet --out PATH [--partition] [--machine M] [--from ISO --to ISO] [--json]',
  options: {
    db: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    partition: { type: 'boolean' },
    machine: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
  async run(values, io) {
    const db = requireString(values, 'db');
    const request = {
      format: choiceOption(values, 'format', ['csv', 'parquet'] as const),
      out: requireString(values, 'out'),
      partition: values.partition === true,
      machine: optionalString(values, 'machine'),
      from: timeOption(values, 'from'),
      to: timeOption(values, 'to'),
    };
    const rows = await withWorkspace(db, false, (ws, catalog) => exportReadings(ws, catalog, request));
    if (values.json) return printJson(io, { rows, out: request.out, format: request.format, partitioned: request.partition });
    io.out(`exported ${rows} readings to ${request.out}${request.partition ? ' (partitioned by machine/day)' : ''}`);
  },
};
