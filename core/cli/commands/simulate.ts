import { LabError } from '../../model';
import { Ingestor } from '../../ingest/ingestor';
import { backfill } from '../../ingest/simulator-source';
import { runLive } from '../../ingest/simulator-live';
import { PROFILE_NAMES, Simulator, type SimulatorConfig } from '../../sim';
import { choiceOption, durationOption, integerOption, numberOption, optionalString, requireString, timeOption } from '../args';
import { isoTime, withWorkspace, type Command } from '../command';
import { printJson } from '../output';
import { simulatorWorkerUrl } from '../bundle-paths';

const MAX_DURATION_MS = 366 * 86_400_000;
const MAX_MACHINES = 10_000;
/** Refuse runs that would write more than this; a typo like --machines 10000 --duration 300d. */
const MAX_READINGS = 20_000_000_000;

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'simulate machines into a workspace (backfill, or live with --live)',
  usage:
    'servolab simulate --db FILE --profile servo|fleet|motor|press --machines N --duration DUR --seed S ' +
    '[--start ISO] [--faults none|all|LIST] [--live [--speed X]] [--json]',
  options: {
    db: { type: 'string' },
    profile: { type: 'string' },
    machines: { type: 'string' },
    duration: { type: 'string' },
    seed: { type: 'string' },
    start: { type: 'string' },
    faults: { type: 'string' },
    live: { type: 'boolean' },
    speed: { type: 'string' },
  },
  async run(values, io) {
    const db = requireString(values, 'db');
    const profile = choiceOption(values, 'profile', PROFILE_NAMES);
    const machines = integerOption(values, 'machines', 1, MAX_MACHINES);
    const durationMs = durationOption(values, 'duration', MAX_DURATION_MS);
    const seed = integerOption(values, 'seed', 0, 2 ** 32 - 1);
    const faults = optionalString(values, 'faults') ?? 'none';
    const live = values.live === true;
    const speed = numberOption(values, 'speed', 0.01, 10_000);
    if (speed !== undefined && !live) throw new LabError('usage', '--speed only applies with --live');
    const explicitStart = timeOption(values, 'start');
    // A backfill ends now unless told otherwise; live starts now. Either way the start is printed,
    // so a run can be reproduced exactly with --start.
    const start = explicitStart ?? (live ? Date.now() : Math.floor((Date.now() - durationMs) / 60_000) * 60_000);
    const config: SimulatorConfig = { profile, machines, seed, start, faults };
    const active = new Simulator(config).faults; // validates profile × faults before anything is opened
    const estimate = (durationMs / 1000) * machines * 60; // generous upper bound of readings per machine-second
    if (estimate > MAX_READINGS) throw new LabError('usage', `that run would write about ${estimate.toExponential(1)} readings; reduce --machines or --duration`);

    await withWorkspace(db, true, async (ws) => {
      const ingestor = await Ingestor.create(ws);
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      try {
        let lastReport = 0;
        const progress = (fraction: number, stored: number) => {
          const now = performance.now();
          if (values.json || now - lastReport < 1000) return;
          lastReport = now;
          io.err(`… ${(fraction * 100).toFixed(0)}%  ${stored} readings`);
        };
        if (live) io.err(`live: ${machines} ${profile} machine(s) at ${speed ?? 1}× real time until ${isoTime(start + durationMs)} (Ctrl-C stops)`);
        const summary = live
          ? await runLive(ingestor, { config, durationMs, speed: speed ?? 1, signal: controller.signal, onProgress: (p) => progress(p.fraction, p.stored) })
          : await backfill(ingestor, { config, durationMs, signal: controller.signal, workerUrl: simulatorWorkerUrl(), onProgress: (p) => progress(p.fraction, p.stored) });
        await ws.checkpoint();
        const report = {
          db,
          profile,
          machines,
          seed,
          faults: [...active.physical, ...Object.entries(active.data).filter(([, on]) => on).map(([k]) => k)],
          start: isoTime(start),
          end: isoTime(start + durationMs),
          mode: live ? 'live' : 'backfill',
          stored: summary.stored,
          quarantined: summary.quarantined,
          events: summary.events,
          batches: summary.batches,
          seconds: Number((summary.elapsedMs / 1000).toFixed(3)),
          readingsPerSecond: Math.round(summary.readingsPerSecond),
          cancelled: summary.cancelled,
        };
        if (values.json) return printJson(io, report);
        io.out(
          `${report.cancelled ? 'cancelled after' : 'stored'} ${report.stored} readings (${report.quarantined} quarantined, ${report.events} events) ` +
            `from ${machines} ${profile} machine(s), ${report.start} → ${report.end}, in ${report.seconds} s (${report.readingsPerSecond} readings/s)`,
        );
      } finally {
        process.off('SIGINT', onSignal);
      }
    });
  },
};
