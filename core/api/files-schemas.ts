import { z } from 'zod';
import { WINDOW_AGGS } from '../analytics/windows';
import { parseDuration } from '../model/duration';

/**
 * Request schemas of the offline-analysis methods (import, quarantine, windows, compare, SQL),
 * spread into `requestSchemas`. Files are named by inbox reference only (see file-inbox.ts).
 */
const epochMs = z.number().finite().min(0).max(7.3e12);
const name = z.string().min(1).max(10_000);
const column = z.string().min(1).max(1000);
const fileRef = z.string().regex(/^[up]-[0-9a-f]{16}$/, 'an uploaded or chosen file reference');
const YEAR_MS = 366 * 86_400_000;

/** `10s`, `1m`, `1h30m`: a positive duration of at most a year. */
const duration = z.string().max(40).refine((text) => {
  try {
    const ms = parseDuration(text);
    return ms > 0 && ms <= YEAR_MS;
  } catch {
    return false;
  }
}, 'a duration like 10s, 1m or 1h (at most a year)');

/** A file name inside the workspace's exports folder (the rule of exportReadings). */
export const exportFileName = z.string().min(1).max(255).regex(/^(?!\.\.?$)[^/\\\0]+$/, 'a plain file name, no folders');

export const importOptionsSchema = z
  .object({
    format: z.enum(['auto', 'csv', 'parquet', 'jsonl', 'sensorlogger', 'table']).optional(),
    delimiter: z.string().refine((d) => [...d].length === 1, 'one character').optional(),
    timestamp: column.optional(),
    timeFormat: z.string().min(1).max(100).optional(),
    timeZone: z.string().min(1).max(100).optional(),
    machine: column.optional(),
    machineName: name.optional(),
    sensors: z.array(column).min(1).max(10_000).optional(),
    long: z.object({ sensor: column, value: column }).strict().optional(),
    units: z.record(z.string().min(1).max(1000), z.string().max(100)).optional(),
    table: z.string().min(1).max(100).optional(),
  })
  .strict()
  .refine((o) => !(o.machine && o.machineName), { message: 'give a machine column or a constant machine name, not both' })
  .refine((o) => !(o.sensors && o.long), { message: 'values are either wide (sensors) or long, not both' });

const windowFields = {
  every: duration,
  hop: duration.optional(),
  aggs: z.array(z.enum(WINDOW_AGGS)).min(1).max(WINDOW_AGGS.length).default([...WINDOW_AGGS]),
  machine: name.optional(),
  sensor: name.optional(),
  from: epochMs.optional(),
  to: epochMs.optional(),
};
const rangeOrdered = (r: { from?: number; to?: number }) => r.from === undefined || r.to === undefined || r.to > r.from;
const hopFits = (r: { every: string; hop?: string }) => r.hop === undefined || parseDuration(r.hop) <= parseDuration(r.every);
const period = z.object({ from: epochMs, to: epochMs }).strict().refine((p) => p.to > p.from, { message: 'to must be after from' });
const sqlText = z.string().min(1, 'no SQL statement given').max(100_000);

export const fileRequestSchemas = {
  importPreview: z.object({ file: fileRef, options: importOptionsSchema.default({}) }).strict(),
  importRun: z.object({ file: fileRef, options: importOptionsSchema.default({}), again: z.boolean().default(false) }).strict(),
  importCancel: z.object({}).strict(),
  importHistory: z.object({ limit: z.number().int().min(1).max(10_000).default(200) }).strict(),
  quarantine: z.object({ source: name.optional(), limit: z.number().int().min(1).max(10_000).default(1000) }).strict(),
  windows: z
    .object({ ...windowFields, limit: z.number().int().min(1).max(100_000).default(10_000) })
    .strict()
    .refine(rangeOrdered, { message: 'to must be after from' })
    .refine(hopFits, { message: 'hop must not be longer than every' }),
  compare: z.object({ a: period, b: period, machine: name.optional(), sensor: name.optional() }).strict(),
  sql: z.object({ sql: sqlText, maxRows: z.number().int().min(1).max(100_000).default(10_000) }).strict(),
  sqlCancel: z.object({}).strict(),
  exportSql: z.object({ sql: sqlText, out: exportFileName, maxRows: z.number().int().min(1).max(10_000_000).default(1_000_000) }).strict(),
  exportWindows: z
    .object({ ...windowFields, out: exportFileName })
    .strict()
    .refine(rangeOrdered, { message: 'to must be after from' })
    .refine(hopFits, { message: 'hop must not be longer than every' }),
} as const;
