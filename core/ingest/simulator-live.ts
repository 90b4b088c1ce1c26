import { LiveDriver } from '../sim/live';
import { Simulator, type SimulatorConfig } from '../sim/simulator';
import type { Ingestor } from './ingestor';
import { runTally, type RunProgress } from './run-tally';
import type { BackfillSummary } from './simulator-source';

export interface LiveRunOptions {
  config: SimulatorConfig;
  durationMs: number;
  /** Simulated ms per wall-clock ms. */
  speed: number;
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
}

/**
 * Runs the simulator against the wall clock into the workspace until `durationMs` of simulated
 * time has passed or the signal aborts. Each batch is committed before the next is generated.
 */
export async function runLive(ingestor: Ingestor, options: LiveRunOptions): Promise<BackfillSummary> {
  const simulator = new Simulator(options.config);
  await ingestor.defineSensors(simulator.sensors());
  const end = options.config.start + options.durationMs;
  const started = performance.now();
  const tally = runTally(options.config.start, options.durationMs, options.onProgress);
  const cancelled = await new Promise<boolean>((resolve, reject) => {
    const driver = new LiveDriver(simulator, {
      speed: options.speed,
      until: end,
      onBatch: async ({ batch, events }) => {
        tally.add(await ingestor.ingest(batch, { source: 'simulator', profile: options.config.profile, events }), simulator.position);
      },
      onEnd: () => resolve(false),
      onError: (e) => reject(e),
    });
    options.signal?.addEventListener(
      'abort',
      () => {
        driver.stop();
        resolve(true);
      },
      { once: true },
    );
    driver.start();
  });
  const elapsedMs = performance.now() - started;
  return { ...tally.totals, elapsedMs, readingsPerSecond: tally.totals.stored / (elapsedMs / 1000), cancelled, threaded: false };
}
