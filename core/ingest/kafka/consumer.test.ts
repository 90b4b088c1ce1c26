import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kcatAvailable, startMockCluster, type MockCluster } from '../../cli/bench/kafka-mock';
import { MEMORY, Workspace } from '../../store/workspace';
import { kcatProduce } from '../../../tests/kafka/mock-cluster';
import { Ingestor } from '../ingestor';
import { KafkaIngest, type KafkaStatus } from './consumer';
import { until } from '../../../tests/support/until';

/** The consumer's own recovery, in process, against librdkafka's mock cluster over TCP. */
const available = await kcatAvailable();
if (!available) console.warn('Kafka consumer recovery test skipped: kcat is not installed (apt-get install kcat)');


describe.runIf(available)('KafkaIngest recovery', () => {
  let cluster: MockCluster;
  beforeAll(async () => {
    cluster = await startMockCluster();
  });
  afterAll(() => cluster?.stop());

  it('restarts a consumer that crashed on a failing workspace write and still stores every message once', async () => {
    const total = 2000;
    const topic = `recover-${process.pid}`;
    kcatProduce(cluster.bootstrap, topic, Array.from({ length: total }, (_, i) => `m${i % 8}\t{"ts":${1772323200000 + i},"machine":"m${i % 8}","sensor":"s","value":${i}}`), true);
    const ws = await Workspace.open(MEMORY);
    const ingestor = await Ingestor.create(ws);
    const ingest = new KafkaIngest(ingestor, { connection: { brokers: cluster.bootstrap.split(',') }, groupId: `recover-${process.pid}`, topics: [topic], format: 'long', from: 'earliest' });
    // The workspace refuses every write (a full disk, say) until the consumer has crashed and been restarted.
    const write = ingestor.ingestPrepared.bind(ingestor);
    ingestor.ingestPrepared = (...args) => (ingest.status().restarts === 0 ? Promise.reject(new Error('disk full (injected)')) : write(...args));
    let status: KafkaStatus = ingest.status();
    try {
      await ingest.start();
      await until(() => (status = ingest.status()).stored === total, 90_000);
    } finally {
      await ingest.stop();
    }
    expect(status.restarts, JSON.stringify(status)).toBeGreaterThanOrEqual(1);
    expect(status.lastError).toMatch(/disk full \(injected\)/);
    const [row] = await ws.rows<{ n: bigint; distinct: bigint }>('SELECT count(*) AS n, count(DISTINCT value) AS distinct FROM readings');
    expect([Number(row!.n), Number(row!.distinct)]).toEqual([total, total]);
    await ws.close();
  }, 120_000);
});
