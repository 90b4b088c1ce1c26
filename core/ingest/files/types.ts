import type { TimeFormat } from './time-format';

/** What a file holds, as far as import is concerned. */
export type SourceFormat = 'csv' | 'jsonl' | 'parquet';
export type ImportFormat = SourceFormat | 'sensorlogger' | 'table';
export type FormatChoice = 'auto' | ImportFormat;

/** What the user (or CLI flags) says about a file; everything is optional and detected if absent. */
export interface ImportOptions {
  format?: FormatChoice;
  /** One character; `\t` and `tab` mean a tab. */
  delimiter?: string;
  /** Timestamp column name. */
  timestamp?: string;
  /** iso, epoch-s|ms|us|ns or a strptime pattern; see time-format.ts. */
  timeFormat?: string;
  /** Zone of timestamps written without an offset (default UTC). */
  timeZone?: string;
  /** Machine column name, or a constant machine name for every row. */
  machine?: string;
  machineName?: string;
  /** Wide layout: the value columns to import (default: every numeric column). */
  sensors?: string[];
  /** Long layout: the sensor-name column and the value column. */
  long?: { sensor: string; value: string };
  /** Unit per sensor name, for sensors new to the workspace. */
  units?: Record<string, string>;
  /** Import as a training table with this name (implies format `table`). */
  table?: string;
  /** Import even when the same content was imported before. */
  again?: boolean;
}

/** How DuckDB's CSV reader must read a delimited file. */
export interface CsvDialect {
  delimiter: string;
  quote: string;
  escape: string;
  /** As DuckDB's sniffer writes it, e.g. `\n` or `\r\n` (escaped). */
  newline: string;
  header: boolean;
  skip: number;
  comment: string;
  decimal: '.' | ',';
  gzip: boolean;
  encoding: 'utf-8' | 'latin-1' | 'utf-16';
}

export interface ColumnInfo {
  name: string;
  type: string;
}

export type MachineSource = { column: string } | { name: string };

export interface WideValues {
  layout: 'wide';
  /** Value columns and the sensor each becomes. */
  sensors: { column: string; sensor: string }[];
}

export interface LongValues {
  layout: 'long';
  sensorColumn: string;
  valueColumn: string;
}

/** How rows of one file part become readings. */
export interface SeriesMapping {
  timestamp: string;
  timeFormat: TimeFormat;
  machine: MachineSource;
  values: WideValues | LongValues;
}

/** One readable file: a plain import has one; a Sensor Logger export has one per sensor file. */
export interface FilePart {
  path: string;
  /** Name used in quarantine locations, e.g. `sensors.csv` or `trip.zip/Gyroscope.csv`. */
  label: string;
  format: SourceFormat;
  dialect: CsvDialect | null;
  columns: ColumnInfo[];
  mapping: SeriesMapping | null;
}

export interface Preview {
  columns: string[];
  /** The first rows as text, as the reader split them. */
  rows: (string | null)[][];
}

/** Detection result: shown to the user (preview + mapping), then handed to `importFile`. */
export interface ImportPlan {
  path: string;
  name: string;
  format: ImportFormat;
  /** `readings`, or `table` for a training table. */
  target: 'readings' | 'table';
  /** The training table's name when target is `table`. */
  table: string | null;
  /** A layout recognised by name (servosense, nab, motor, sensorlogger, industrial-log) or null. */
  recognized: string | null;
  timeZone: string;
  parts: FilePart[];
  units: Record<string, string>;
  preview: Preview;
  warnings: string[];
  /** Temporary files (an extracted zip) removed after the import. */
  cleanup: string[];
}

export type ImportPhase = 'hashing' | 'reading' | 'storing' | 'done';

export interface ImportProgress {
  phase: ImportPhase;
  /** Rows read so far (known after reading) and stored readings so far. */
  rows: number;
  bytes: number;
  totalBytes: number;
  /** 0..100 over the whole import. */
  percent: number;
}

export interface ImportResult {
  importId: number;
  path: string;
  name: string;
  format: ImportFormat;
  layout: string;
  target: string;
  sha256: string;
  /** Records read (lines or rows), header excluded. */
  rows: number;
  /** Readings stored, or rows of the training table. */
  imported: number;
  /** Rows written to `quarantine`. */
  quarantined: number;
  /** Empty cells (no reading) skipped. */
  empty: number;
  machines: string[];
  sensors: string[];
  from: string | null;
  to: string | null;
  seconds: number;
  warnings: string[];
}

export interface ImportRunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  again?: boolean;
}
