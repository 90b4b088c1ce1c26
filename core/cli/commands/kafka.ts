import { Ingestor } from '../../ingest/ingestor';
import { parseBrokers, testConnection, type KafkaConnection } from '../../ingest/kafka/connection';
import { KafkaIngest } from '../../ingest/kafka/consumer';
import { loadFieldMap } from '../../ingest/kafka/field-map';
import { defaultFormatOf, formatNameOf, FORMATS, MAP_FORMAT, type KafkaFormat, type PayloadFormat } from '../../ingest/kafka/formats';
import { produceSimulation } from '../../ingest/kafka/producer';
import { LabError } from '../../model';
import { PROFILE_NAMES } from '../../sim';
import { choiceOption, durationOption, integerOption, numberOption, optionalString, requireString, timeOption, type Values } from '../args';
import { withWorkspace, type Command } from '../command';
import { formatTable, printJson, type CliIO } from '../output';

const DAY_MS = 86_400_000;
const JOIN_GRACE_MS = 30_000;

export const kafkaCommand: Command = {
  name: 'kafka',
  summary: 'Kafka: consume topics exactly-once into a workspace, publish the simulator, test a connection',
  usage: [
    'servolab kafka consume --brokers B --topic T [--group G] [--format F] [--from earliest|latest] --db FILE [--until-idle DUR] [--max N] [--json]',
    '       servolab kafka produce --brokers B --topic T --profile P --machines N --duration DUR [--seed S] [--start ISO] [--format F] [--rate R] [--gzip] [--json]',
    '       servolab kafka test --brokers B [--json]',
    `       formats: ${FORMATS.join(', ')}, ${MAP_FORMAT}:FILE (consume only: a JSON mapping of field paths, see the README); security: [--ssl-ca F --ssl-cert F --ssl-key F --ssl-no-verify] [--sasl plain|scram-sha-256|scram-sha-512 --sasl-user U] (password from SERVOLAB_KAFKA_PASSWORD)`,
  ].join('\n'),
  positionals: true,
  options: {
    brokers: { type: 'string' },
    topic: { type: 'string' },
    'topic-regex': { type: 'string' },
    group: { type: 'string' },
    format: { type: 'string' },
    from: { type: 'string' },
    db: { type: 'string' },
    'until-idle': { type: 'string' },
    max: { type: 'string' },
    profile: { type: 'string' },
    machines: { type: 'string' },
    duration: { type: 'string' },
    seed: { type: 'string' },
    start: { type: 'string' },
    rate: { type: 'string' },
    gzip: { type: 'boolean' },
    'client-id': { type: 'string' },
    'ssl-ca': { type: 'string' },
    'ssl-cert': { type: 'string' },
    'ssl-key': { type: 'string' },
    'ssl-no-verify': { type: 'boolean' },
    sasl: { type: 'string' },
    'sasl-user': { type: 'string' },
  },
  async run(values, io, positionals) {
    const [action, ...extra] = positionals;
    if (extra.length) throw new LabError('usage', `unexpected operand "${extra[0]}"`);
    const connection = connectionOf(values);
    if (action === 'test') return printTest(io, values, await testConnection(connection));
    if (action === 'produce') return produce(values, io, connection);
    if (action === 'consume') return consume(values, io, connection);
    throw new LabError('usage', "say 'kafka consume', 'kafka produce' or 'kafka test'");
  },
};

function connectionOf(values: Values): KafkaConnection {
  const ssl = values['ssl-ca'] || values['ssl-cert'] || values['ssl-key'] || values['ssl-no-verify'];
  const mechanism = optionalString(values, 'sasl');
  return {
    brokers: parseBrokers(requireString(values, 'brokers')),
    clientId: optionalString(values, 'client-id') ?? 'servolab',
    ...(ssl ? { ssl: { ca: optionalString(values, 'ssl-ca'), cert: optionalString(values, 'ssl-cert'), key: optionalString(values, 'ssl-key'), verify: values['ssl-no-verify'] !== true } } : {}),
    ...(mechanism
      ? {
          sasl: {
            mechanism: choiceOption(values, 'sasl', ['plain', 'scram-sha-256', 'scram-sha-512'] as const),
            username: requireString(values, 'sasl-user'),
            // Never a flag: command lines show up in `ps` and shell history.
            password: process.env.SERVOLAB_KAFKA_PASSWORD ?? '',
          },
        }
      : {}),
  };
}

function printTest(io: CliIO, values: Values, result: Awaited<ReturnType<typeof testConnection>>): void {
  if (values.json) return printJson(io, result);
  io.out(`reachable brokers: ${result.brokers.join(', ')}`);
  io.out(formatTable(['topic', 'partitions'], result.topics.map((t) => [t.name, t.partitions])));
}

async function produce(values: Values, io: CliIO, connection: KafkaConnection): Promise<void> {
  const profile = choiceOption(values, 'profile', PROFILE_NAMES);
  const format = choiceOption(values, 'format', FORMATS, defaultFormatOf(profile)) as KafkaFormat;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    const result = await produceSimulation({
      connection,
      topic: requireString(values, 'topic'),
      config: { profile, machines: integerOption(values, 'machines', 1, 10_000), seed: integerOption(values, 'seed', 0, 2 ** 31 - 1, 1), start: timeOption(values, 'start') ?? Date.now(), faults: 'none' },
      durationMs: durationOption(values, 'duration', 30 * DAY_MS),
      format,
      rate: numberOption(values, 'rate', 1),
      gzip: values.gzip === true,
      signal: controller.signal,
    });
    if (values.json) printJson(io, { format, ...result });
    else io.out(`published ${result.messages} ${format} messages (${result.readings} readings) in ${result.seconds.toFixed(2)} s`);
  } finally {
    process.off('SIGINT', onSignal);
  }
}

async function consume(values: Values, io: CliIO, connection: KafkaConnection): Promise<void> {
  const topic = optionalString(values, 'topic');
  const pattern = optionalString(values, 'topic-regex');
  if ((topic === undefined) === (pattern === undefined)) throw new LabError('usage', 'give --topic T or --topic-regex R');
  let regex: RegExp | undefined;
  try {
    regex = pattern === undefined ? undefined : new RegExp(pattern);
  } catch {
    throw new LabError('usage', `--topic-regex: invalid regular expression ${pattern}`);
  }
  const format = consumeFormatOf(values);
  const from = choiceOption(values, 'from', ['earliest', 'latest'] as const, 'earliest');
  const idleMs = values['until-idle'] === undefined ? null : durationOption(values, 'until-idle', DAY_MS);
  const max = values.max === undefined ? null : integerOption(values, 'max', 1, Number.MAX_SAFE_INTEGER);
  const groupId = optionalString(values, 'group') ?? 'servolab';
  await withWorkspace(requireString(values, 'db'), true, async (ws) => {
    const ingest = new KafkaIngest(await Ingestor.create(ws), { connection, groupId, topics: [regex ?? topic!], format, from });
    const startedAt = Date.now();
    await ingest.start();
    await new Promise<void>((resolve) => {
      const done = () => {
        clearInterval(timer);
        process.off('SIGINT', done);
        resolve();
      };
      // Progress on stderr (not with --json), like simulate: the first messages at once, then at most once a second.
      let reported = 0;
      let reportedAt = 0;
      const timer = setInterval(() => {
        const s = ingest.status();
        if (!values.json && s.messages !== reported && (reported === 0 || Date.now() - reportedAt >= 1000)) {
          reported = s.messages;
          reportedAt = Date.now();
          io.err(`… ${s.messages} messages, ${s.stored} readings stored${s.resumes ? `, resumed at the checkpoint ${s.resumes}×` : ""}${s.restarts ? `, ${s.restarts} restarts` : ""}`);
        }
        // Idle counts from the last message or the last (re)join, whichever is later: a rebalance
        // (a group member leaving) can hand this consumer partitions after it went quiet, and those
        // must be drained before it exits. A consumer that never joins gives up after idle + grace.
        const quietSince = Math.max(s.lastMessageAt ?? 0, s.assignedAt ?? startedAt + JOIN_GRACE_MS);
        if ((idleMs !== null && Date.now() - quietSince >= idleMs) || (max !== null && s.messages >= max)) done();
      }, 50);
      process.once('SIGINT', done);
    });
    await ingest.stop();
    const s = ingest.status();
    const summary = { format: formatNameOf(format), group: groupId, messages: s.messages, stored: s.stored, quarantined: s.quarantined, lastError: s.lastError, restarts: s.restarts, resumes: s.resumes, partitions: s.partitions, seconds: (Date.now() - startedAt) / 1000 };
    if (values.json) printJson(io, summary);
    else io.out(`consumed ${s.messages} messages: ${s.stored} readings stored, ${s.quarantined} quarantined (${summary.seconds.toFixed(1)} s)`);
  });
}

/** `--format F` of consume: a built-in format, or `map:FILE` (the mapping is read and checked before connecting). */
function consumeFormatOf(values: Values): PayloadFormat {
  const raw = optionalString(values, 'format') ?? 'servo';
  const prefix = `${MAP_FORMAT}:`;
  if (raw.startsWith(prefix)) return loadFieldMap(raw.slice(prefix.length));
  if ((FORMATS as readonly string[]).includes(raw)) return raw as KafkaFormat;
  throw new LabError('usage', `--format must be one of ${FORMATS.join(', ')} or ${prefix}FILE (got "${raw}")`);
}
