import type { SensorSpec } from '../model';
import type { SeriesStats, HotReading } from '../store/queries';
import type { LabErrorCode } from '../model/errors';
import type { LabMethod, LabRequest } from './schemas';

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

export interface LabResponses {
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
}
export type LabEventName = keyof LabEvents;
export const LAB_EVENTS: readonly LabEventName[] = ['live', 'status', 'error'];

export interface ErrorEnvelope {
  code: LabErrorCode;
  message: string;
  detail?: unknown;
}

/** What crosses a transport for every request. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorEnvelope };
