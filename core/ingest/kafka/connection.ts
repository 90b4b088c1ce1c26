import { readFileSync } from 'node:fs';
import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { z } from 'zod';
import { LabError, firstLineOf } from '../../model';

/** How to reach a cluster: validated once, at the boundary (CLI flags or an API request). */
export const connectionSchema = z
  .object({
    brokers: z.array(z.string().regex(/^[\w.-]+:\d{1,5}$/, 'a broker is host:port')).min(1),
    clientId: z.string().min(1).max(200).default('servolab'),
    ssl: z
      .object({ ca: z.string().optional(), cert: z.string().optional(), key: z.string().optional(), verify: z.boolean().default(true) })
      .strict()
      .optional(),
    sasl: z
      .object({ mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']), username: z.string().min(1), password: z.string() })
      .strict()
      .optional(),
  })
  .strict();

export type KafkaConnection = z.input<typeof connectionSchema>;

export function parseBrokers(text: string): string[] {
  const brokers = text.split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) throw new LabError('usage', '--brokers needs host:port[,host:port…]');
  return brokers;
}

function readPem(path: string | undefined, what: string): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new LabError('io', `cannot read the SSL ${what} file ${path}`);
  }
}

/** A kafkajs client; SSL files are read here, and certificates are verified unless told otherwise. */
export function kafkaClient(connection: KafkaConnection): Kafka {
  const parsed = connectionSchema.safeParse(connection);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LabError('usage', `kafka ${issue.path.join('.')}: ${issue.message}`);
  }
  const c = parsed.data;
  const config: KafkaConfig = {
    clientId: c.clientId,
    brokers: c.brokers,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 },
    connectionTimeout: 3_000,
  };
  if (c.ssl) {
    const ca = readPem(c.ssl.ca, 'CA');
    const cert = readPem(c.ssl.cert, 'certificate');
    const key = readPem(c.ssl.key, 'key');
    config.ssl = { rejectUnauthorized: c.ssl.verify, ...(ca ? { ca: [ca] } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
  }
  if (c.sasl) config.sasl = { mechanism: c.sasl.mechanism, username: c.sasl.username, password: c.sasl.password } as SASLOptions;
  return new Kafka(config);
}

/** Connection test: reachable brokers and topics with their partition counts. */
export async function testConnection(connection: KafkaConnection): Promise<{ brokers: string[]; topics: { name: string; partitions: number }[] }> {
  const admin = kafkaClient(connection).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    const metadata = await admin.fetchTopicMetadata();
    return {
      brokers: cluster.brokers.map((b) => `${b.host}:${b.port}`),
      topics: metadata.topics.filter((t) => !t.name.startsWith('__')).map((t) => ({ name: t.name, partitions: t.partitions.length })).sort((a, b) => a.name.localeCompare(b.name)),
    };
  } catch (e) {
    throw new LabError('io', `kafka: cannot reach ${connection.brokers.join(',')}: ${firstLineOf(e)}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
