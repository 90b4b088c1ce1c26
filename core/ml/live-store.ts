import type { Workspace } from '../store/workspace';

/** A live model score of one machine's closed window (ts = the window's end, epoch ms). */
export interface LivePrediction {
  machine: string;
  ts: number;
  model: string;
  score: number;
  alert: boolean;
}

/** An alert: a model score, an anomaly of one series, or drift of the live score distribution. */
export interface LiveAlert {
  kind: 'failure-risk' | 'anomaly' | 'drift';
  machine: string;
  sensor: string | null;
  ts: number;
  score: number;
  threshold: number;
  /** The model id (failure-risk, drift) or the detector (anomaly). */
  source: string;
  detail?: Record<string, unknown>;
}

const ms = (t: number) => Math.round(t * 1000);

/** Stores one scored batch's predictions and alerts in one transaction. */
export async function storeLive(ws: Workspace, predictions: readonly LivePrediction[], alerts: readonly LiveAlert[]): Promise<void> {
  if (predictions.length === 0 && alerts.length === 0) return;
  await ws.transaction(async (con) => {
    for (const p of predictions) {
      await con.run(`INSERT INTO predictions VALUES ($machine, make_timestamp($ts::BIGINT), $model, $score, $alert)`, {
        machine: p.machine,
        ts: ms(p.ts),
        model: p.model,
        score: p.score,
        alert: p.alert,
      });
    }
    for (const a of alerts) {
      await con.run(
        `INSERT INTO alerts (machine, sensor, kind, ts, score, threshold, source, detail)
         VALUES ($machine, $sensor, $kind, make_timestamp($ts::BIGINT), $score, $threshold, $source, $detail::JSON)`,
        { machine: a.machine, sensor: a.sensor, kind: a.kind, ts: ms(a.ts), score: a.score, threshold: a.threshold, source: a.source, detail: JSON.stringify(a.detail ?? {}) },
      );
    }
  });
}
