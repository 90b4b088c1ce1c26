import { THRESHOLD_METRICS } from '../ml/metrics';
import { hopProblem, MAX_WINDOWS_PER_READING } from '../ml/hop';
import { z } from 'zod';

/** Request schemas of the model methods, spread into `requestSchemas`. */
const modelRef = z.string().min(1).max(300);
const epochMs = z.number().finite().min(0).max(7.3e12);
const spanMs = z.number().int().min(1000).max(30 * 86_400_000);
const trendMs = z.number().int().min(0).max(30 * 86_400_000);
const hopFits = (r: { windowMs: number; hopMs?: number | undefined }) => r.hopMs === undefined || hopProblem(r.windowMs, r.hopMs) === null;
const HOP_RULE = { message: `hopMs must be at most windowMs and at least 1/${MAX_WINDOWS_PER_READING} of it` };

export const modelRequestSchemas = {
  modelsList: z.object({}).strict(),
  modelsCompare: z.object({ models: z.array(modelRef).min(1).max(20) }).strict(),
  modelPromote: z.object({ model: modelRef }).strict(),
  /**
   * `series`: a failure-prediction model from the workspace's readings and ground truth (window,
   * horizon); `table`: a model of `label` from an imported training table (drop, derive NAME=EXPR).
   */
  trainStart: z
    .object({
      name: z.string().min(1).max(128).regex(/^[\w.-]+$/, 'a model name is letters, digits, . _ -'),
      source: z.enum(['series', 'table']).default('series'),
      windowMs: spanMs.default(60_000),
      /** Windows start every hop; shorter than the window, they overlap (default: tumbling). */
      hopMs: spanMs.optional(),
      /** Trend features' lookback (default 20 windows); 0: none. */
      trendMs: trendMs.optional(),
      horizonMs: spanMs.optional(),
      table: z.string().min(1).max(200).optional(),
      label: z.string().min(1).max(200).optional(),
      drop: z.array(z.string().min(1).max(200)).max(500).default([]),
      derive: z.array(z.string().min(3).max(2000)).max(50).default([]),
      trees: z.number().int().min(1).max(2000).default(100),
      seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
      testFraction: z.number().gt(0).lt(1).default(0.2),
      /** What the decision threshold maximises on validation data. */
      thresholdMetric: z.enum(THRESHOLD_METRICS).default('f1'),
      from: epochMs.optional(),
      to: epochMs.optional(),
    })
    .strict()
    .refine((r) => (r.source === 'series' ? r.horizonMs !== undefined && [undefined, 'failure', 'rul'].includes(r.label) : r.table !== undefined && r.label !== undefined), {
      message: 'a series model needs horizonMs (label failure or rul); a table model needs table and label',
    })
    .refine(hopFits, HOP_RULE),
  trainCancel: z.object({}).strict(),
  /** Periodic retraining of a series model (ml/retrainer.ts); lookback measured from the newest reading. */
  retrainStart: z
    .object({
      name: z.string().min(1).max(128).regex(/^[\w.-]+$/, 'a model name is letters, digits, . _ -'),
      windowMs: spanMs.default(60_000),
      hopMs: spanMs.optional(),
      trendMs: trendMs.optional(),
      horizonMs: spanMs,
      lookbackMs: z.number().int().min(60_000).max(365 * 86_400_000),
      everyMs: z.number().int().min(1000).max(30 * 86_400_000),
      trees: z.number().int().min(1).max(2000).default(100),
      seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
      testFraction: z.number().gt(0).lt(1).default(0.2),
      thresholdMetric: z.enum(THRESHOLD_METRICS).default('f1'),
      /** `if-better`: only when it scores at least as well as the live version on the newest windows. */
      promote: z.enum(['if-better', 'always']).default('if-better'),
    })
    .strict()
    .refine((r) => r.lookbackMs > r.windowMs, { message: 'the lookback must be longer than the window' })
    .refine(hopFits, HOP_RULE),
  retrainStop: z.object({}).strict(),
  /** User annotations (store/annotations.ts): one with a failure time labels training data. */
  annotationsList: z.object({ machine: z.string().min(1).max(200).optional() }).strict(),
  annotationAdd: z
    .object({
      machine: z.string().min(1).max(200),
      kind: z.string().min(1).max(200),
      onset: epochMs,
      failure: epochMs.nullable().default(null),
      note: z.string().max(2000).optional(),
    })
    .strict(),
  annotationRemove: z.object({ id: z.number().int().min(1) }).strict(),
  retrainStatus: z.object({}).strict(),
  predictionsList: z
    .object({ machine: z.string().min(1).max(10_000).optional(), from: epochMs.optional(), to: epochMs.optional(), limit: z.number().int().min(1).max(20_000).default(1000) })
    .strict(),
  alertsList: z
    .object({
      machine: z.string().min(1).max(10_000).optional(),
      kind: z.enum(['failure-risk', 'anomaly', 'drift']).optional(),
      from: epochMs.optional(),
      to: epochMs.optional(),
      limit: z.number().int().min(1).max(20_000).default(1000),
    })
    .strict(),
} as const;
