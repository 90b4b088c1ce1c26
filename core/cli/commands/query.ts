import { LabError } from '../../model';
import { rawReadings, rollupReadings } from '../../store/queries';
import { resolveSeries } from '../../store/series';
import { choiceOption, integerOption, requireString, timeOption } from '../args';
import { isoTime, withWorkspace, type Command } from '../command';
import { formatTable, printJson } from '../output';

export const queryCommand: Command = {
  name: 'query',
  summary: 'readings of one machine × sensor, raw or from a rollup',
  usage: 'servolab query --db FILE --machine M --sensor S --from ISO --to ISO [--rollup 1s|1m] [--limit N] [--json]',
  options: {
    db: { type: 'string' },
    machine: { type: 'string' },
    sensor: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    rollup: { type: 'string' },
    limit: { type: 'string' },
  },
  async run(values, io) {
    const db = requireString(values, 'db');
    const machine = requireString(values, 'machine');
    const sensor = requireString(values, 'sensor');
    const from = timeOption(values, 'from');
    const to = timeOption(values, 'to');
    if (from === undefined || to === undefined) throw new LabError('usage', '--from and --to are required');
    if (to <= from) throw new LabError('usage', '--to must be after --from');
    const rollup = values.rollup === undefined ? undefined : choiceOption(values, 'rollup', ['1s', '1m'] as const);
    const limit = integerOption(values, 'limit', 1, 100_000_000, 1_000_000);
    await withWorkspace(db, false, async (ws, catalog) => {
      const series = resolveSeries(catalog, machine, sensor);
      if (rollup) {
        const r = await rollupReadings(ws, series, rollup, from, to);
        const rows = Array.from(r.bucket, (b, i) => ({
          time: isoTime(b), n: r.count[i]!, mean: r.mean[i]!, std: r.std[i]!, min: r.min[i]!, max: r.max[i]!, first: r.first[i]!, last: r.last[i]!,
        }));
        if (values.json) return printJson(io, { machine, sensor, rollup, rows });
        io.out(formatTable(['time', 'n', 'mean', 'std', 'min', 'max', 'first', 'last'], rows.map((x) => Object.values(x))));
        return;
      }
      const r = await rawReadings(ws, series, from, to, limit);
      if (values.json) {
        return printJson(io, { machine, sensor, rows: Array.from(r.ts, (t, i) => ({ time: isoTime(t), value: r.value[i]! })) });
      }
      io.out(formatTable(['time', 'value'], Array.from(r.ts, (t, i) => [isoTime(t), r.value[i]!])));
    });
  },
};
