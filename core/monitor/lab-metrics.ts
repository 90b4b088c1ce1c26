import type { Lab } from '../api/lab';
import { LabMetrics } from './metrics';

/** Metrics of an open Lab: its ingest bus, its workspace and every event it pushes. */
export function labMetrics(lab: Lab): LabMetrics {
  const metrics = new LabMetrics({ ingestor: lab.ingestor, ws: lab.ws });
  lab.tap((event, payload) => metrics.observe(event, payload));
  return metrics;
}
