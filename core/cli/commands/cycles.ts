import { CycleDetector, readSeriesChunks, saveCycles, summarizeCycles, type CycleGroup, type CycleMetrics, type CycleOptions, type CycleSummary } from '../../cycles';
import { LabError, parseDuration } from '../../model';
import { resolveSeries } from '../../store/series';
import { numberOption, optionalString, requireString, timeOption, type Values } from '../args';
import { isoTime, withWorkspace, type Command } from '../command';
import { formatTable, printJson } from '../output';

const MAX_SPAN_MS = 366 * 86_400_000;

interface MachineResult {
  machine: string;
  cycles: CycleMetrics[];
  summary: CycleSummary;
}

export const cyclesCommand: Command = {
  name: 'cycles',
  summary: 'cut a sensor series into load cycles and measure each (optionally store them)',
  usage:
    'servolab cycles --db FILE --sensor S [--machine M] [--from ISO --to ISO] [--threshold T --min-gap DUR] ' +
    '[--min-duration DUR] [--save] [--json]',
  options: {
    db: { type: 'string' },
    sensor: { type: 'string' },
    machine: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    threshold: { type: 'string' },
    'min-gap': { type: 'string' },
    'min-duration': { type: 'string' },
    save: { type: 'boolean' },
  },
  async run(values, io) {
    const db = requireString(values, 'db');
    const sensor = requireString(values, 'sensor');
    const only = optionalString(values, 'machine');
    const from = timeOption(values, 'from');
    const to = timeOption(values, 'to');
    if (from !== undefined && to !== undefined && to <= from) throw new LabError('usage', '--to must be after --from');
    const options: CycleOptions = {
      threshold: numberOption(values, 'threshold'),
      minGapMs: spanOption(values, 'min-gap'),
      minDurationMs: spanOption(values, 'min-duration'),
    };
    const detector = new CycleDetector(options).name; // validates the parameters before opening anything
    const range = { from, to };
    const save = values.save === true;
    const results = await withWorkspace(db, false, async (ws, catalog) => {
      if (catalog.sensorId(sensor) === undefined) throw new LabError('not_found', `unknown sensor "${sensor}"`);
      const machines = only !== undefined ? [only] : catalog.machineNames().sort();
      const found: MachineResult[] = [];
      for (const machine of machines) {
        const series = resolveSeries(catalog, machine, sensor);
        // The stored series goes through the online detector chunk by chunk: bounded memory,
        // and exactly what a single batch call would find.
        const d = new CycleDetector(options);
        const cycles: CycleMetrics[] = [];
        let readings = 0;
        for await (const part of readSeriesChunks(ws, series, range)) {
          readings += part.ts.length;
          for (const c of d.push(part.ts, part.value)) cycles.push(c.metrics);
        }
        for (const c of d.finish()) cycles.push(c.metrics);
        if (readings > 0 || only !== undefined) found.push({ machine, cycles, summary: summarizeCycles(cycles) });
      }
      const groups: CycleGroup[] = found.map((r) => ({ machine: r.machine, sensor, detector, cycles: r.cycles }));
      const saved = save ? await saveCycles(ws, groups, range) : undefined;
      return { found, saved };
    });
    if (values.json) {
      return printJson(io, {
        sensor,
        detector,
        from: from === undefined ? null : isoTime(from),
        to: to === undefined ? null : isoTime(to),
        machines: results.found.map((r) => ({ machine: r.machine, cycles: r.cycles.map(jsonCycle), summary: r.summary })),
        ...(results.saved ? { saved: results.saved } : {}),
      });
    }
    printText(io.out, sensor, detector, results.found, results.saved);
  },
};

/** A duration that may be zero (`0s` turns gap merging off). */
function spanOption(values: Values, name: string): number | undefined {
  const raw = optionalString(values, name);
  if (raw === undefined) return undefined;
  const ms = parseDuration(raw);
  if (ms > MAX_SPAN_MS) throw new LabError('usage', `--${name} must be at most 366 days`);
  return ms;
}

/** Times as ISO strings for people and other tools; everything else as measured. */
function jsonCycle(c: CycleMetrics): Record<string, unknown> {
  return { ...c, start: isoTime(c.start), end: isoTime(c.end), reference_time: isoTime(c.reference_time) };
}

function printText(out: (text: string) => void, sensor: string, detector: string, found: readonly MachineResult[], saved?: { replaced: number; inserted: number }): void {
  if (found.length === 0) return out(`no ${sensor} readings match`);
  const rows: unknown[][] = [];
  for (const r of found) {
    const flagged = new Map(r.summary.abnormal.map((a) => [a.index, Object.keys(a.scores).join(' ')]));
    r.cycles.forEach((c, i) => {
      rows.push([r.machine, isoTime(c.start), c.duration_s, c.idle_before_s, c.max_point, c.mean, c.median, c.root_mean_squared, c.area_above_baseline, c.rise_time_s, c.fall_time_s, flagged.get(i) ?? '']);
    });
  }
  if (rows.length) {
    out(formatTable(['machine', 'start', 'duration_s', 'idle_before_s', 'max_point', 'mean', 'median', 'rms', 'area', 'rise_s', 'fall_s', 'abnormal'], rows));
    out('');
  }
  out(`${sensor} cycles by ${detector}`);
  out(
    formatTable(
      ['machine', 'cycles', 'duration_median_s', 'duration_trend_s_per_h', 'peak_median', 'peak_trend_per_h', 'abnormal'],
      found.map((r) => [
        r.machine,
        r.summary.count,
        r.summary.stats.duration_s?.median ?? null,
        r.summary.trends.duration_s?.perHour ?? null,
        r.summary.stats.max_point?.median ?? null,
        r.summary.trends.max_point?.perHour ?? null,
        r.summary.abnormal.length,
      ]),
    ),
  );
  if (saved) out(`saved ${saved.inserted} cycles (replaced ${saved.replaced})`);
}
