import type { SeriesComparison } from '../analytics/compare';
import type { QuarantineListing } from '../analytics/quarantine';
import type { SqlResult } from '../analytics/sql';
import type { WindowAgg, WindowLevel } from '../analytics/windows';
import type { ImportRecord } from '../ingest/files/history';
import type { ImportPhase, ImportResult } from '../ingest/files/types';

/** Response and event types of the offline-analysis methods (types only: the renderer imports them). */
export type { SeriesComparison, QuarantineListing, SqlResult, ImportRecord, ImportResult, WindowAgg };

/** One file as the upload route (or the desktop's File → Import…) hands it to the UI. */
export interface UploadedFile {
  file: string;
  name: string;
  bytes: number;
}

/** What detection found, for the preview and mapping form. */
export interface ImportPreview {
  file: string;
  name: string;
  format: string;
  target: 'readings' | 'table';
  table: string | null;
  recognized: string | null;
  timeZone: string;
  /** Dialect of the (first) delimited part; null for Parquet, JSON lines. */
  dialect: { delimiter: string; header: boolean; decimal: '.' | ','; encoding: string; gzip: boolean; bom: boolean } | null;
  columns: { name: string; type: string }[];
  /** The proposed mapping, null for a training table. */
  mapping: {
    timestamp: string;
    timeFormat: string;
    machine: { column: string } | { name: string };
    values: { layout: 'wide'; sensors: { column: string; sensor: string }[] } | { layout: 'long'; sensorColumn: string; valueColumn: string };
  } | null;
  parts: string[];
  preview: { columns: string[]; rows: (string | null)[][] };
  warnings: string[];
}

export interface ImportProgressEvent {
  file: string;
  name: string;
  phase: ImportPhase;
  rows: number;
  bytes: number;
  totalBytes: number;
  percent: number;
}

export interface WindowsResponse {
  level: WindowLevel;
  everyMs: number;
  hopMs: number;
  aggs: WindowAgg[];
  rows: { machine: string; sensor: string; start: string; end: string; count?: number; avg?: number; min?: number; max?: number; std?: number | null }[];
  truncated: boolean;
}

export interface FileExportResult {
  rows: number;
  out: string;
  /** The file name inside the exports folder (browser mode downloads it from /exports/NAME). */
  name: string;
}

export interface FileResponses {
  importPreview: ImportPreview;
  importRun: ImportResult;
  importCancel: { cancelled: boolean };
  importHistory: ImportRecord[];
  quarantine: QuarantineListing;
  windows: WindowsResponse;
  compare: SeriesComparison[];
  sql: SqlResult;
  sqlCancel: { cancelled: boolean };
  exportSql: FileExportResult;
  exportWindows: FileExportResult;
}
