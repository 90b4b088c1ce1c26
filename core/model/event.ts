/**
 * A labelled happening on a machine: ground-truth faults from the simulator, labels from files,
 * user annotations. Times are epoch milliseconds.
 */
export interface LabEvent {
  machine: string;
  kind: string;
  /** When the fault (or label) starts. */
  onset: number;
  /** When it ends in failure, or null when it does not (data faults, annotations). */
  failure: number | null;
  source: string;
  detail?: Record<string, unknown>;
}
