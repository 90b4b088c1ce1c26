import type { CommitResult } from '../store/writer';

export interface RunProgress {
  untilMs: number;
  fraction: number;
  stored: number;
  quarantined: number;
}

export interface RunTotals {
  stored: number;
  quarantined: number;
  events: number;
  batches: number;
}

/** Adds up the commits of a simulation run and reports progress through its time span. */
export function runTally(start: number, durationMs: number, onProgress?: (progress: RunProgress) => void) {
  const totals: RunTotals = { stored: 0, quarantined: 0, events: 0, batches: 0 };
  return {
    totals,
    add(result: CommitResult, untilMs: number): void {
      totals.stored += result.stored;
      totals.quarantined += result.quarantined;
      totals.events += result.events;
      totals.batches++;
      onProgress?.({ untilMs, fraction: (untilMs - start) / durationMs, stored: totals.stored, quarantined: totals.quarantined });
    },
  };
}
