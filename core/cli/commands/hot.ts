import { exportHotCsv, hotReadings } from '../../store/queries';
import { integerOption, numberOption, optionalString, requireString } from '../args';
import { withWorkspace, type Command } from '../command';
import { formatTable, printJson } from '../output';
import { LabError } from '../../model';

export const hotCommand: Command = {
  name: 'hot',
  summary: 'readings of a sensor above a threshold, optionally exported to CSV',
  usage: 'servolab hot --db FILE --sensor S --above X [--out FILE.csv] [--limit N] [--json]',
  options: {
    db: { type: 'string' },
    sensor: { type: 'string' },
    above: { type: 'string' },
    out: { type: 'string' },
    limit: { type: 'string' },
  },
  async run(values, io) {
    const db = requireString(values, 'db');
    const sensor = requireString(values, 'sensor');
    const above = numberOption(values, 'above');
    if (above === undefined) throw new LabError('usage', '--above is required');
    const out = optionalString(values, 'out');
    const limit = integerOption(values, 'limit', 1, 1_000_000, 20);
    await withWorkspace(db, false, async (ws, catalog) => {
      const written = out === undefined ? undefined : await exportHotCsv(ws, catalog, sensor, above, out);
      const hot = await hotReadings(ws, catalog, sensor, above, limit);
      if (values.json) return printJson(io, { sensor, above, total: hot.total, exported: written ?? null, out: out ?? null, rows: hot.rows });
      io.out(`${hot.total} readings of ${sensor} above ${above}${out ? `; wrote ${written} rows to ${out}` : ''}`);
      if (hot.rows.length) io.out(formatTable(['time', 'machine', 'sensor', 'value'], hot.rows.map((r) => [r.time, r.machine, r.sensor, r.value])));
      if (hot.total > hot.rows.length) io.out(`… ${hot.total - hot.rows.length} more (use --out FILE.csv for all)`);
    });
  },
};
