import { expect, test } from '@playwright/test';
import { kcatAvailable, startMockCluster, type MockCluster } from '../../core/cli/bench/kafka-mock';
import { kcatProduce } from '../kafka/mock-cluster';
import { serve, type Served } from './serve';

/** Sources in browser mode: the HTTP push listener and a Kafka consumer (kcat's mock cluster), started from the UI. */
let served: Served;
let cluster: MockCluster | null = null;
test.beforeAll(async () => {
  served = await serve();
});
test.afterAll(async () => {
  await served.stop();
  cluster?.stop();
});

test('start the HTTP listener, push with its token, see the counts and the QR code; stop it', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(served.url);
  await page.getByRole('tab', { name: 'Sources' }).click();
  await page.getByLabel('Port').fill('70000');
  await expect(page.getByText('a port is 0 (any free one) to 65535')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start listening' })).toBeDisabled();
  await page.getByLabel('Port').fill('0');
  await page.getByRole('button', { name: 'Start listening' }).click();
  const url = (await page.getByLabel('Listener URL').textContent())!;
  const token = (await page.getByLabel('Token').textContent())!;
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  await expect(page.getByAltText('QR code of the push URL')).toBeVisible();
  expect((await fetch(`${url}/sensor`, { method: 'POST', body: '{"machine_id":"P-1","temperature":70}' })).status).toBe(401);
  const pushed = await fetch(`${url}/sensor`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '[{"machine_id":"P-1","temperature":70,"rpm":1200},{"machine_id":"P-1","temperature":"hot"}]' });
  expect(await pushed.json()).toEqual({ stored: 2, quarantined: 1, refused: null });
  const status = page.getByLabel('HTTP status');
  await expect(status).toContainText('1 pushes, 2 readings stored, 1 quarantined');
  await expect(status).toContainText('1 without token');
  await page.screenshot({ path: 'test-results/sources-http.png', fullPage: true });
  await page.getByRole('button', { name: 'Stop listening' }).click();
  await expect(status).toContainText('stopped');
  await expect(fetch(`${url}/health`)).rejects.toThrow();
  // The log panel shows what happened, by component and level, and never the token.
  await page.getByRole('tab', { name: 'Logs' }).click();
  await page.getByLabel('Log component').selectOption('http');
  const log = page.getByRole('table', { name: 'Log entries' });
  await expect(log).toContainText('listening');
  await expect(log).toContainText('listener stopped');
  await page.getByLabel('Log level').selectOption('warn');
  await expect(log.locator('tbody tr')).toHaveCount(0);
  await page.getByLabel('Log component').selectOption('');
  await expect(log).not.toContainText(token);
  expect(errors).toEqual([]);
});

test('connect to Kafka: test, preview, consume into the workspace with live status, stop', async ({ page }) => {
  test.skip(!(await kcatAvailable()), 'kcat is not installed (apt-get install kcat)');
  cluster = await startMockCluster();
  const lines = Array.from({ length: 40 }, (_, i) => `K-${i % 2}\t{"event_time":${1772323200000 + i * 1000},"machine_id":"K-${i % 2}","temperature":${60 + (i % 5)},"rpm":1500}`);
  lines.push('K-0\tnot json');
  kcatProduce(cluster.bootstrap, 'plant', lines, true);
  await page.goto(served.url);
  await page.getByRole('tab', { name: 'Sources' }).click();
  await page.getByLabel('Brokers').fill('nohost');
  await expect(page.getByText('brokers are host:port, comma-separated')).toBeVisible();
  await page.getByLabel('Brokers').fill(cluster.bootstrap);
  await page.getByLabel('Topics', { exact: true }).fill('plant');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByLabel('Connection test')).toContainText('3 brokers reachable');
  await expect(page.getByLabel('Connection test')).toContainText('plant (4)');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByLabel('Kafka preview')).toContainText('20 messages of plant as servo: 40 readings, 0 would be quarantined', { timeout: 20_000 }); // the first 20, by default
  // The same topic through a user mapping of field paths: one sensor picked out of each message.
  await page.getByLabel('Format').selectOption('map');
  await page.getByLabel('Field mapping').fill('{"time": "event_time", "machine": "machine_id", values: {}}');
  await expect(page.getByText(/^mapping: /)).toBeVisible();
  await page.getByLabel('Field mapping').fill('{"time": "event_time", "timeUnit": "ms", "machine": "machine_id", "values": {"temp": "temperature"}}');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByLabel('Kafka preview')).toContainText('20 messages of plant as map: 20 readings, 0 would be quarantined', { timeout: 20_000 });
  await expect(page.getByLabel('Kafka preview')).toContainText('temp');
  await page.getByLabel('Format').selectOption('servo');
  await page.getByRole('button', { name: 'Start consuming' }).click();
  const status = page.getByLabel('Kafka status');
  await expect(status).toContainText('41 messages, 80 readings stored, 1 quarantined', { timeout: 30_000 });
  // Keyed by machine: two partitions hold the messages, each consumed to its high watermark (lag 0).
  await expect(status.locator('tbody tr').first()).toContainText(/plant\d+\d+\d+0$/);
  await page.screenshot({ path: 'test-results/sources-kafka.png', fullPage: true });
  await page.getByRole('button', { name: 'Stop consuming' }).click();
  await expect(status).toContainText('stopped');
});
