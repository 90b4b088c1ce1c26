import type { SensorSpec } from '../model';
import type { SeriesStats, HotReading } from '../store/queries';
import type { LabErrorCode } from '../model/errors';
import type { LabMethod, LabRequest } from './schemas';
import type { FileResponses, ImportProgressEvent } from './files-contract';
import type { DemoLesson, DemoProgress, DemoResponses } from './demo-contract';
import type { HttpListenStatus, HttpResponses } from './http-contract';
import type { LogEntry } from '../log/log-types';
import type { KafkaResponses, KafkaStatus } from './kafka-contract';
import type { LiveAlert, ModelResponses, RetrainStatus, TrainProgressEvent } from './model-contract';
import type { CycleMetrics, CycleSummary, LiveCycleEvent, SaveResult, StoredCycle } from '../cycles';

/**
 * The one typed contract between the engine and every UI. The Electron preload and the browser
 * bridge both carry exactly this; the renderer cannot tell which one it talks to.
 */
export interface WorkspaceInfo {
  path: string;
  schemaVersion: number;
  readings: number;
  machines: string[];
  sensors: SensorSpec[];
  /** Epoch ms of the first and last reading, or null when empty. */
  from: number | null;
  to: number | null;
  /** Nothing in it yet: no readings, imports or models (the app then offers the demos). */
  empty: boolean;
  /** The lesson when this workspace was built by a teaching demo. */
  demo: DemoLesson | null;
}

export interface LabStatus {
  running: boolean;
  profile: string | null;
  machines: number;
  /** Machine and sensor names of the running (or last) simulation. */
  machineNames: string[];
  sensors: string[];
  speed: number;
  stored: number;
  quarantined: number;
  /** Ground-truth events (faults, failures) the simulation reported. */
  events: number;
  /** Readings stored per second over the last few seconds. */
  rate: number;
  lastError: string | null;
}

export interface M4Response {
  level: string;
  /** Per non-empty bucket; times in epoch ms. */
  firstTs: number[];
  first: number[];
  lastTs: number[];
  last: number[];
  minTs: number[];
  min: number[];
  maxTs: number[];
  max: number[];
  count: number[];
}

export interface ExportResult {
  rows: number;
  out: string;
}

/** Cycles found on one machine × sensor, with the summary of all of them (abnormal flags, trends). */
export interface CyclesDetectResponse {
  machine: string;
  sensor: string;
  /** Mode and parameters, as stored in the `detector` column. */
  detector: string;
  mode: 'fixed' | 'auto';
  readings: number;
  /** Cycles found; `cycles` holds the first `limit` of them. */
  total: number;
  cycles: CycleMetrics[];
  summary: CycleSummary;
  /** Present when the request asked to save. */
  saved: SaveResult | null;
}

export interface CyclesListResponse {
  cycles: StoredCycle[];
  /** More rows matched than the limit. */
  truncated: boolean;
}

/** Progress of a running cycle detection (after each chunk read). */
export interface CycleProgress {
  machine: string;
  sensor: string;
  readings: number;
  /** 0…1 of the time range covered so far. */
  fraction: number;
}

/** Cycles that closed on the live bus since the last frame; `dropped` were over the frame's cap. */
export interface LiveCycleFrame {
  cycles: LiveCycleEvent[];
  dropped: number;
}

export interface LogResponses {
  logsList: { entries: LogEntry[]; file: string | null };
  logWrite: { ok: true };
}

export interface LabResponses extends FileResponses, KafkaResponses, HttpResponses, DemoResponses, LogResponses, ModelResponses {
  workspaceInfo: WorkspaceInfo;
  status: LabStatus;
  simulationStart: LabStatus;
  simulationStop: LabStatus;
  liveSubscribe: { series: number };
  timeRange: { from: number | null; to: number | null };
  m4: M4Response;
  stats: SeriesStats[];
  hot: { total: number; rows: HotReading[] };
  exportReadings: ExportResult;
  cyclesDetect: CyclesDetectResponse;
  cyclesCancel: { cancelled: boolean };
  cyclesList: CyclesListResponse;
}

export type LabApi = { [M in LabMethod]: (request: LabRequest<M>) => Promise<LabResponses[M]> };

/** New points of subscribed series since the last frame (decimated); at most 30 frames/s. */
export interface LiveFrame {
  series: { machine: string; sensor: string; ts: number[]; values: number[] }[];
}

export interface LabEvents {
  live: LiveFrame;
  status: LabStatus;
  error: ErrorEnvelope;
  cycles: LiveCycleFrame;
  cycleProgress: CycleProgress;
  importProgress: ImportProgressEvent;
  /** The running Kafka consumer's status, every 500 ms and once when it stops. */
  kafka: KafkaStatus;
  /** The push listener's status, every second while it runs and once when it stops. */
  http: HttpListenStatus;
  /** The step a demo being opened is at. */
  demoProgress: DemoProgress;
  /** A failure-risk, anomaly or drift alert of live scoring, as it is raised. */
  alert: LiveAlert;
  /** Trees grown so far by this client's training run. */
  trainProgress: TrainProgressEvent;
  /** The periodic retraining schedule: on start, before and after every run, on stop. */
  retrain: RetrainStatus;
}
export type LabEventName = keyof LabEvents;
export const LAB_EVENTS: readonly LabEventName[] = ['live', 'status', 'error', 'cycles', 'cycleProgress', 'importProgress', 'kafka', 'http', 'demoProgress', 'alert', 'trainProgress', 'retrain'];

export interface ErrorEnvelope {
  code: LabErrorCode;
  message: string;
  detail?: unknown;
}

/** What crosses a transport for every request. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorEnvelope };
