import { z } from 'zod';
import { fieldMapSchema } from '../ingest/kafka/field-map';
import { FORMATS, MAP_FORMAT } from '../ingest/kafka/formats';

/**
 * Request schemas of the Kafka methods, spread into `requestSchemas`. A client never names a file
 * here (no SSL file paths cross the boundary): TLS uses the system's CAs, verified unless turned off.
 */
const broker = z.string().max(300).regex(/^[\w.-]+:\d{1,5}$/, 'a broker is host:port');
const topic = z.string().min(1).max(249).regex(/^[\w.-]+$/, 'a topic name is letters, digits, . _ -');

export const kafkaConnectionSchema = z
  .object({
    brokers: z.array(broker).min(1).max(100),
    clientId: z.string().min(1).max(200).default('servolab'),
    ssl: z.object({ verify: z.boolean().default(true) }).strict().optional(),
    sasl: z
      .object({ mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']), username: z.string().min(1).max(500), password: z.string().max(500) })
      .strict()
      .optional(),
  })
  .strict();

// `map` comes with its field mapping as an object (never a file path): exactly when format is map.
const format = z.enum([...FORMATS, MAP_FORMAT]);
const mappingFits = (r: { format: string; mapping?: unknown }) => (r.format === MAP_FORMAT) === (r.mapping !== undefined);
const mappingProblem = { message: `format ${MAP_FORMAT} needs a mapping, and only format ${MAP_FORMAT} takes one`, path: ['mapping'] };

export const kafkaRequestSchemas = {
  kafkaTest: z.object({ connection: kafkaConnectionSchema }).strict(),
  /** The first `limit` messages of a topic decoded in `format`; stores nothing, commits nothing. */
  kafkaPreview: z
    .object({
      connection: kafkaConnectionSchema,
      topic,
      format,
      mapping: fieldMapSchema.optional(),
      limit: z.number().int().min(1).max(200).default(20),
      timeoutMs: z.number().int().min(500).max(30_000).default(8_000),
    })
    .strict()
    .refine(mappingFits, mappingProblem),
  kafkaStart: z
    .object({
      connection: kafkaConnectionSchema,
      groupId: z.string().min(1).max(249).default('servolab'),
      topics: z.array(topic).min(1).max(100).optional(),
      topicRegex: z.string().min(1).max(500).optional(),
      format: format.default('servo'),
      mapping: fieldMapSchema.optional(),
      from: z.enum(['earliest', 'latest']).default('earliest'),
    })
    .strict()
    .refine((r) => (r.topics === undefined) !== (r.topicRegex === undefined), 'give topics or topicRegex, not both')
    .refine(mappingFits, mappingProblem),
  kafkaStop: z.object({}).strict(),
  kafkaStatus: z.object({}).strict(),
} as const;
