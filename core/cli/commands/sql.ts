import { runReadOnlySql } from '../../analytics/sql';
import { LabError } from '../../model';
import { integerOption, requireString } from '../args';
import { withWorkspace, type Command } from '../command';
import { formatTable, printJson } from '../output';

export const sqlCommand: Command = {
  name: 'sql',
  summary: 'run one read-only SQL statement (SELECT, EXPLAIN) over the workspace',
  usage: 'servolab sql --db FILE "SELECT …" [--max-rows N] [--json]',
  positionals: true,
  options: {
    db: { type: 'string' },
    'max-rows': { type: 'string' },
  },
  async run(values, io, positionals) {
    const db = requireString(values, 'db');
    if (positionals.length !== 1) throw new LabError('usage', 'give the SQL statement as one argument (quote it)');
    const maxRows = integerOption(values, 'max-rows', 1, 10_000_000, 10_000);
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      const result = await withWorkspace(db, false, (ws) => runReadOnlySql(ws, { sql: positionals[0]!, maxRows, signal: controller.signal, allowOutsideReads: true }));
      if (values.json) return printJson(io, result);
      io.out(formatTable(result.columns.map((c) => c.name), result.rows.map((r) => r.map((v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v)))));
      io.out(`${result.rows.length} row${result.rows.length === 1 ? '' : 's'}${result.truncated ? ` (more exist; raise --max-rows)` : ''} in ${result.elapsedMs.toFixed(0)} ms`);
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};
