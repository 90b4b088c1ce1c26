import { LabError } from '../model';
import { mlWorkerUrl } from '../cli/bundle-paths';
import type { LabLog } from '../log/lab-log';
import { Retrainer, type RetrainStatus } from '../ml/retrainer';
import type { Workspace } from '../store/workspace';
import { forestRequest } from './model-methods';
import type { LabParsedRequest } from './schemas';

const OFF: RetrainStatus = { running: false, name: null, runs: 0, promotions: 0, failures: 0, last: null, nextAt: null };

/**
 * Periodic retraining in the Lab (ml/retrainer.ts): one schedule per workspace, off until a user
 * starts it; every change of its status is pushed as the `retrain` event, every run is logged,
 * and a promotion switches live scoring to the new version.
 */
export class LabRetrain {
  private retrainer: Retrainer | null = null;
  private last: RetrainStatus = OFF;

  constructor(
    private readonly ws: Workspace,
    private readonly push: (status: RetrainStatus) => void,
    private readonly promoted: () => Promise<void>,
    private readonly log?: LabLog,
  ) {}

  start(r: LabParsedRequest<'retrainStart'>): RetrainStatus {
    if (this.retrainer) throw new LabError('invalid_input', `retraining of ${this.retrainer.spec.name} is already scheduled; stop it first`);
    const spec = { name: r.name, windowMs: r.windowMs, ...(r.hopMs !== undefined ? { hopMs: r.hopMs } : {}), ...(r.trendMs !== undefined ? { trendMs: r.trendMs } : {}), horizonMs: r.horizonMs, lookbackMs: r.lookbackMs, everyMs: r.everyMs, request: forestRequest(r), promote: r.promote };
    let runs = 0;
    const retrainer = new Retrainer(this.ws, spec, {
      train: { workerUrl: mlWorkerUrl() },
      promoted: this.promoted,
      onStatus: (status) => {
        this.last = status;
        if (status.runs > runs && status.last) {
          runs = status.runs;
          const { model, decision, error } = status.last;
          this.log?.for('ml')[error ? 'warn' : 'info']({ name: spec.name, model, decision }, 'retraining run');
        }
        this.push(status);
      },
    });
    this.retrainer = retrainer;
    retrainer.start();
    return retrainer.status();
  }

  async stop(): Promise<RetrainStatus> {
    const retrainer = this.retrainer;
    this.retrainer = null;
    if (retrainer) {
      await retrainer.stop();
      this.last = retrainer.status();
    }
    return this.last;
  }

  status(): RetrainStatus {
    return this.retrainer?.status() ?? this.last;
  }
}
