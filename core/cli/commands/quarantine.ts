import { listQuarantine } from '../../analytics/quarantine';
import { integerOption, optionalString, requireString } from '../args';
import { withWorkspace, type Command } from '../command';
import { formatTable, printJson } from '../output';

/** Raw text is shown up to this many characters in the table (all of it with --json). */
const RAW_WIDTH = 60;

export const quarantineCommand: Command = {
  name: 'quarantine',
  summary: 'rejected input: where it came from, its raw text and why it was rejected',
  usage: 'servolab quarantine --db FILE [--source S] [--limit N] [--json]',
  options: {
    db: { type: 'string' },
    source: { type: 'string' },
    limit: { type: 'string' },
  },
  async run(values, io) {
    const db = requireString(values, 'db');
    const source = optionalString(values, 'source');
    const limit = integerOption(values, 'limit', 1, 10_000_000, values.json ? 10_000 : 50);
    const q = await withWorkspace(db, false, (ws) => listQuarantine(ws, { source, limit }));
    if (values.json) return printJson(io, q);
    if (q.total === 0) return io.out(source ? `nothing quarantined from ${source}` : 'nothing quarantined');
    io.out(formatTable(['source', 'rows'], q.sources.map((s) => [s.source, s.rows])));
    io.out('');
    io.out(formatTable(
      ['id', 'source', 'location', 'reason', 'raw'],
      q.rows.map((r) => [r.id, r.source, r.location ?? '', r.reason, r.raw.length > RAW_WIDTH ? `${r.raw.slice(0, RAW_WIDTH)}…` : r.raw]),
    ));
    if (q.total > q.rows.length) io.out(`… ${q.total - q.rows.length} more (raise --limit or use --json)`);
  },
};
