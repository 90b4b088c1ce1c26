import { WINDOW_AGGS, windowAggregates, type WindowAgg } from '../../analytics/windows';
import { LabError } from '../../model';
import { durationOption, integerOption, optionalString, requireString, timeOption } from '../args';
import { withWorkspace, type Command } from '../command';
import { formatTable, printJson } from '../output';

const YEAR_MS = 366 * 86_400_000;

export const windowCommand: Command = {
  name: 'window',
  summary: 'windowed aggregates (tumbling or hopping) per machine × sensor',
  usage: 'servolab window --db FILE --every DUR [--hop DUR] [--agg avg,min,max,std,count] [--machine M] [--sensor S] [--from ISO --to ISO] [--limit N] [--json]',
  options: {
    db: { type: 'string' },
    every: { type: 'string' },
    hop: { type: 'string' },
    agg: { type: 'string' },
    machine: { type: 'string' },
    sensor: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    limit: { type: 'string' },
  },
  async run(values, io) {
    const db = requireString(values, 'db');
    const everyMs = durationOption(values, 'every', YEAR_MS);
    const hopMs = values.hop === undefined ? undefined : durationOption(values, 'hop', YEAR_MS);
    if (hopMs !== undefined && hopMs > everyMs) throw new LabError('usage', '--hop must not be longer than --every');
    const aggs = aggList(optionalString(values, 'agg'));
    const from = timeOption(values, 'from');
    const to = timeOption(values, 'to');
    if (from !== undefined && to !== undefined && to <= from) throw new LabError('usage', '--to must be after --from');
    const limit = integerOption(values, 'limit', 1, 10_000_000, 100_000);
    const request = { everyMs, hopMs, from, to, limit, machine: optionalString(values, 'machine'), sensor: optionalString(values, 'sensor') };
    const result = await withWorkspace(db, false, (ws, catalog) => windowAggregates(ws, catalog, request));
    const rows = result.rows.map((r) => ({ machine: r.machine, sensor: r.sensor, start: r.start, end: r.end, ...Object.fromEntries(aggs.map((a) => [a, r[a]])) }));
    if (values.json) return printJson(io, { every: everyMs / 1000, hop: result.hopMs / 1000, level: result.level, truncated: result.truncated, rows });
    if (rows.length === 0) return io.out('no readings match');
    io.out(formatTable(['machine', 'sensor', 'start', 'end', ...aggs], rows.map((r) => Object.values(r))));
    if (result.truncated) io.out(`… more windows (raise --limit)`);
  },
};

function aggList(text: string | undefined): WindowAgg[] {
  if (text === undefined) return [...WINDOW_AGGS];
  const aggs = text.split(',').map((a) => a.trim().toLowerCase());
  for (const a of aggs) {
    if (!WINDOW_AGGS.includes(a as WindowAgg)) throw new LabError('usage', `--agg takes ${WINDOW_AGGS.join(', ')} (got "${a}")`);
  }
  return [...new Set(aggs)] as WindowAgg[];
}
