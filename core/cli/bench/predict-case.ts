import { Ingestor } from '../../ingest/ingestor';
import type { ClassificationMetrics } from '../../ml/metrics';
import { trainSeriesModel } from '../../ml/series-train';
import { Simulator } from '../../sim';
import { MEMORY, Workspace } from '../../store/workspace';
import { mlWorkerUrl } from '../bundle-paths';
import { round, type BenchCase, type BenchResult } from './harness';

const RECALL_TARGET = 0.9;
const PRECISION_TARGET = 0.8;
const START = Date.UTC(2026, 2, 1);
const HOUR = 3_600_000;

/** The setups: servo faults develop over 10–90 min, fleet patterns show 15–30 s before a failure. */
const SETUPS = [
  { profile: 'servo', machines: 8, hours: 12, quickMachines: 4, quickHours: 6, windowMs: 60_000, horizonMs: 600_000 },
  { profile: 'fleet', machines: 8, hours: 6, quickMachines: 4, quickHours: 3, windowMs: 5_000, horizonMs: 15_000 },
] as const;

/**
 * `predict`: failure prediction on simulator ground truth with every fault on — simulate, train
 * the series model (100 trees, time-ordered split), and report held-out window recall at the
 * precision of the threshold chosen on validation data (the default, F1: the latest fifth of the
 * training windows, scored by a model of the earlier ones). Reference, same run: the precision of
 * always warning (the held-out share of windows followed by a failure), so the ratio is the lift.
 * The failure-level figures (failures caught ahead, lead time, false alarms) go in the details.
 */
export const predictCase: BenchCase = {
  name: 'predict',
  description: 'failure prediction recall/precision on simulated servo and fleet machines (faults on)',
  async run(ctx) {
    const results: BenchResult[] = [];
    for (const setup of SETUPS) {
      const machines = ctx.quick ? setup.quickMachines : setup.machines;
      const hours = ctx.quick ? setup.quickHours : setup.hours;
      const ws = await Workspace.open(MEMORY);
      try {
        const ingestor = await Ingestor.create(ws);
        const sim = new Simulator({ profile: setup.profile, machines, seed: 3, start: START, faults: 'all' });
        await ingestor.defineSensors(sim.sensors());
        for (const { batch, events } of sim.chunks(START + hours * HOUR, HOUR / 4)) await ingestor.ingest(batch, { source: 'simulator', events });
        const { metrics, failuresCaught, dataInfo } = await trainSeriesModel(
          ws,
          { name: setup.profile, windowMs: setup.windowMs, horizonMs: setup.horizonMs, request: { algorithm: 'forest', params: { trees: 100, seed: 1 } } },
          { workerUrl: mlWorkerUrl() },
        );
        const m = metrics as ClassificationMetrics;
        const f = failuresCaught!;
        const baseRate = m.support.positive / (m.support.positive + m.support.negative);
        ctx.log(`predict ${setup.profile}: recall ${m.recall.toFixed(3)} precision ${m.precision.toFixed(3)}; failures caught ahead ${f.caught}/${f.covered}`);
        results.push({
          case: `predict-${setup.profile}`,
          value: round(m.recall),
          unit: `recall @ precision ${m.precision.toFixed(3)}`,
          reference: round(baseRate),
          ratio: round(m.precision / baseRate),
          target: `recall >= ${RECALL_TARGET} at precision >= ${PRECISION_TARGET}`,
          pass: m.recall >= RECALL_TARGET && m.precision >= PRECISION_TARGET,
          details: {
            machines,
            hours,
            windowMs: setup.windowMs,
            horizonMs: setup.horizonMs,
            windows: dataInfo.rows,
            heldOutWindows: dataInfo.testRows,
            precision: round(m.precision),
            f1: round(m.f1),
            rocAuc: round(m.rocAuc),
            failuresCaught: f,
            reference: 'precision of always warning (held-out base rate); ratio = lift',
          },
        });
      } finally {
        ws.close();
      }
    }
    return results;
  },
};
