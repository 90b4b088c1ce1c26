import { z } from 'zod';
import { PROFILE_NAMES } from '../sim/profiles';
import { MAX_M4_BUCKETS } from '../store/m4';
import { fileRequestSchemas } from './files-schemas';
import { demoRequestSchemas } from './demo-schemas';
import { logRequestSchemas } from './log-schemas';
import { httpRequestSchemas } from './http-schemas';
import { kafkaRequestSchemas } from './kafka-schemas';
import { modelRequestSchemas } from './model-schemas';

/**
 * Request schemas of every LabApi method: the boundary where untrusted input (IPC, WebSocket)
 * becomes typed. Numbers are bounded so a request can neither hang nor exhaust the process.
 */
const epochMs = z.number().finite().min(0).max(7.3e12);
const name = z.string().min(1).max(10_000);
/** A cycle-detection span (min gap, min duration): 0 to 366 days, like the CLI's. */
const spanMs = z.number().finite().min(0).max(366 * 86_400_000);

export const seriesKeySchema = z.object({ machine: name, sensor: name });

export const requestSchemas = {
  workspaceInfo: z.object({}).strict(),
  status: z.object({}).strict(),
  simulationStart: z
    .object({
      profile: z.enum(PROFILE_NAMES),
      machines: z.number().int().min(1).max(500),
      seed: z.number().int().min(0).max(2 ** 32 - 1),
      speed: z.number().min(0.1).max(1000),
      faults: z.string().max(200).default('none'),
    })
    .strict(),
  simulationStop: z.object({}).strict(),
  liveSubscribe: z.object({ series: z.array(seriesKeySchema).max(200) }).strict(),
  timeRange: z.object({ machine: name.optional(), sensor: name.optional() }).strict(),
  m4: z
    .object({ machine: name, sensor: name, from: epochMs, to: epochMs, buckets: z.number().int().min(1).max(MAX_M4_BUCKETS) })
    .strict()
    .refine((r) => r.to > r.from, { message: 'to must be after from' }),
  stats: z.object({ machine: name.optional(), sensor: name.optional(), from: epochMs.optional(), to: epochMs.optional() }).strict(),
  hot: z.object({ sensor: name, above: z.number().finite(), limit: z.number().int().min(1).max(10_000).default(100) }).strict(),
  exportReadings: z
    .object({
      format: z.enum(['csv', 'parquet']),
      /** A file (or, partitioned, folder) name inside the workspace's exports folder. */
      out: z.string().min(1).max(255).regex(/^(?!\.\.?$)[^/\\\0]+$/, 'a plain file name, no folders'),
      partition: z.boolean().default(false),
      machine: name.optional(),
      from: epochMs.optional(),
      to: epochMs.optional(),
    })
    .strict(),
  cyclesDetect: z
    .object({
      machine: name,
      sensor: name,
      from: epochMs.optional(),
      to: epochMs.optional(),
      /** Fixed mode when set; auto mode (levels from the data) otherwise. */
      threshold: z.number().finite().min(-1e12).max(1e12).optional(),
      minGapMs: spanMs.optional(),
      minDurationMs: spanMs.optional(),
      save: z.boolean().default(false),
      /** Cycles returned (all are summarised and saved). */
      limit: z.number().int().min(1).max(20_000).default(5000),
    })
    .strict()
    .refine((r) => r.from === undefined || r.to === undefined || r.to > r.from, { message: 'to must be after from' }),
  cyclesCancel: z.object({}).strict(),
  cyclesList: z
    .object({
      machine: name.optional(),
      sensor: name.optional(),
      detector: z.string().min(1).max(500).optional(),
      from: epochMs.optional(),
      to: epochMs.optional(),
      limit: z.number().int().min(1).max(20_000).default(1000),
    })
    .strict(),
  ...fileRequestSchemas,
  ...kafkaRequestSchemas,
  ...httpRequestSchemas,
  ...demoRequestSchemas,
  ...logRequestSchemas,
  ...modelRequestSchemas,
} as const;

export type LabMethod = keyof typeof requestSchemas;
export type LabRequest<M extends LabMethod> = z.input<(typeof requestSchemas)[M]>;
export type LabParsedRequest<M extends LabMethod> = z.output<(typeof requestSchemas)[M]>;
export { LAB_METHODS } from './methods';
