export { CycleDetector, detectCycles } from './detector';
export { LiveCycles, type LiveCycleEvent, type LiveCyclesOptions } from './live';
export { loadCycles, readSeriesChunks, saveCycles, type CycleFilter, type CycleGroup, type DetectionRange, type SaveResult, type StoredCycle } from './store';
export { summarizeCycles, SUMMARY_METRICS, type AbnormalCycle, type CycleSummary, type MetricStats, type Trend } from './summary';
export { scoreCycles, pressTruth, type Interval, type Score } from './score';
export { detectorName, resolveOptions, AUTO_DEFAULTS, type Cycle, type CycleMetrics, type CycleOptions } from './types';
