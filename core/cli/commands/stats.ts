import { seriesStats } from '../../store/queries';
import { optionalString, requireString, timeOption } from '../args';
import { withWorkspace, type Command } from '../command';
import { formatTable, printJson } from '../output';

export const statsCommand: Command = {
  name: 'stats',
  summary: 'summary statistics per machine × sensor',
  usage: 'servolab stats --db FILE [--machine M] [--sensor S] [--from ISO] [--to ISO] [--json]',
  options: {
    db: { type: 'string' },
    machine: { type: 'string' },
    sensor: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
  async run(values, io) {
    const db = requireString(values, 'db');
    const filter = {
      machine: optionalString(values, 'machine'),
      sensor: optionalString(values, 'sensor'),
      from: timeOption(values, 'from'),
      to: timeOption(values, 'to'),
    };
    const stats = await withWorkspace(db, false, (ws, catalog) => seriesStats(ws, catalog, filter));
    if (values.json) return printJson(io, { series: stats });
    if (stats.length === 0) return io.out('no readings match');
    io.out(
      formatTable(
        ['machine', 'sensor', 'unit', 'count', 'mean', 'std', 'min', 'max', 'p50', 'p95', 'p99', 'first', 'last'],
        stats.map((s) => [s.machine, s.sensor, s.unit, s.count, s.mean, s.std, s.min, s.max, s.p50, s.p95, s.p99, s.firstTime, s.lastTime]),
      ),
    );
  },
};
