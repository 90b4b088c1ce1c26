import { z } from 'zod';
import { LabError } from '../model';
import type { SerializedModel } from './types';

/**
 * The model file: everything needed to score new data — the serialized model, how features are
 * made (derived expressions, category codes), the label's classes and decision threshold — plus
 * what the registry shows (params, metrics, data range). It is the registry's artifact and the
 * export/import format; an imported file is checked against this schema before it is stored.
 */
export const MODEL_FORMAT = 'servolab-model';

const metricsSchema = z.record(z.string(), z.unknown());

export const modelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  formatVersion: z.literal(1),
  name: z.string().min(1).max(128),
  createdAt: z.string(),
  label: z.string(),
  classes: z.tuple([z.string(), z.string()]).optional(),
  threshold: z.number().nullable(),
  derived: z.array(z.object({ name: z.string(), expression: z.string() })),
  encodings: z.array(z.object({ feature: z.string(), categories: z.array(z.string()) })),
  params: z.record(z.string(), z.unknown()),
  metrics: metricsSchema,
  data: z.record(z.string(), z.unknown()),
  model: z.object({
    algorithm: z.enum(['forest', 'ml-random-forest']),
    task: z.enum(['classification', 'regression']),
    features: z.array(z.string()).min(1),
    body: z.unknown(),
  }),
});

export type ModelFile = z.infer<typeof modelFileSchema> & { model: SerializedModel };

export function parseModelFile(text: string, where: string): ModelFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LabError('invalid_input', `${where} is not a ServoLab model file (not JSON)`);
  }
  const parsed = modelFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LabError('invalid_input', `${where} is not a ServoLab model file (${issue.path.join('.') || 'document'}: ${issue.message})`);
  }
  return parsed.data as ModelFile;
}
