import { firstLineOf } from '../model';
import type { Ingestor } from '../ingest/ingestor';
import { LiveDriver } from '../sim/live';
import { Simulator } from '../sim/simulator';
import type { LabStatus } from './contract';
import type { LabParsedRequest } from './schemas';

const RATE_WINDOW_MS = 3000;

/** The live simulation the UI starts and stops: wall-clock paced, committed batch by batch. */
export class LiveSimulation {
  private driver: LiveDriver | null = null;
  private params: LabParsedRequest<'simulationStart'> | null = null;
  private names: { machines: string[]; sensors: string[] } = { machines: [], sensors: [] };
  private stored = 0;
  private quarantined = 0;
  private events = 0;
  private lastError: string | null = null;
  private samples: { at: number; stored: number }[] = [];

  constructor(
    private readonly ingestor: Ingestor,
    private readonly onError: (message: string) => void,
  ) {}

  async start(params: LabParsedRequest<'simulationStart'>): Promise<void> {
    this.stop();
    const simulator = new Simulator({ ...params, start: Date.now() });
    await this.ingestor.defineSensors(simulator.sensors());
    this.params = params;
    this.names = { machines: simulator.machineNames(), sensors: simulator.sensors().map((s) => s.name) };
    this.stored = 0;
    this.quarantined = 0;
    this.events = 0;
    this.lastError = null;
    this.samples = [];
    this.driver = new LiveDriver(simulator, {
      speed: params.speed,
      onBatch: async ({ batch, events }) => {
        const result = await this.ingestor.ingest(batch, { source: 'simulator', profile: params.profile, events });
        this.stored += result.stored;
        this.quarantined += result.quarantined;
        this.events += result.events;
      },
      onError: (e) => {
        this.lastError = firstLineOf(e);
        this.driver = null;
        this.onError(this.lastError);
      },
    }).start();
  }

  stop(): void {
    this.driver?.stop();
    this.driver = null;
  }

  status(): LabStatus {
    const now = Date.now();
    this.samples.push({ at: now, stored: this.stored });
    while (this.samples.length > 2 && now - this.samples[0]!.at > RATE_WINDOW_MS) this.samples.shift();
    const oldest = this.samples[0]!;
    const rate = now > oldest.at ? ((this.stored - oldest.stored) * 1000) / (now - oldest.at) : 0;
    return {
      running: this.driver !== null,
      profile: this.params?.profile ?? null,
      machines: this.params?.machines ?? 0,
      machineNames: this.names.machines,
      sensors: this.names.sensors,
      speed: this.params?.speed ?? 0,
      stored: this.stored,
      quarantined: this.quarantined,
      events: this.events,
      rate: Math.round(rate),
      lastError: this.lastError,
    };
  }
}
