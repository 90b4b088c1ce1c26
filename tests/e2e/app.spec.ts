import { expect, test } from '@playwright/test';
import { serve, type Served } from './serve';

let served: Served;
test.beforeAll(async () => {
  served = await serve();
});
test.afterAll(async () => {
  await served.stop();
});

test('live fleet, explore with zoom and stats, export, and inline validation', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(served.url);
  await expect(page.getByRole('tab', { name: 'Live' })).toHaveAttribute('aria-selected', 'true');
  // The empty workspace offers the demos first; this test starts from nothing instead.
  await page.getByRole('dialog', { name: 'Welcome' }).getByRole('button', { name: 'Not now' }).click();
  await expect(page.getByRole('dialog', { name: 'Welcome' })).toHaveCount(0);

  // A bad form value shows an inline error and starts nothing.
  await page.getByLabel('Machines').fill('0');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'a whole number from 1 to 500' })).toBeVisible();
  await page.getByLabel('Machines').fill('3');
  await page.getByLabel('Speed ×').fill('20');
  await page.getByRole('button', { name: 'Start' }).click();

  // Live charts receive points.
  const charts = page.getByTestId('live-chart');
  await expect(charts).toHaveCount(9);
  await expect.poll(async () => Number(await charts.first().getAttribute('data-points')), { timeout: 15_000 }).toBeGreaterThan(20);
  await expect(page.getByTestId('ingest-rate')).toHaveText(/^[1-9][\d,]* readings\/s$/);
  await expect(page.getByTestId('current-value').first()).toHaveText(/^\d+\.\d\d$/);
  await page.screenshot({ path: 'test-results/live.png', fullPage: true });

  // Pause freezes the charts; following live again catches up without a gap.
  await page.getByRole('button', { name: 'Pause' }).click();
  const frozen = await charts.first().getAttribute('data-points');
  await page.waitForTimeout(700);
  expect(await charts.first().getAttribute('data-points')).toBe(frozen);
  await page.getByRole('button', { name: 'Follow live' }).click();
  await expect.poll(async () => Number(await charts.first().getAttribute('data-points'))).toBeGreaterThan(Number(frozen));
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('button', { name: 'Start' })).toBeVisible();

  // Explore: history charts, stats, zoom by dragging.
  await page.getByRole('tab', { name: 'Explore' }).click();
  const history = page.getByTestId('history-chart');
  await expect(history).toHaveCount(3);
  await expect.poll(async () => Number(await history.first().getAttribute('data-points'))).toBeGreaterThan(10);
  await expect(page.getByTestId('stats-table').locator('tbody tr')).toHaveCount(3);
  const before = await page.getByTestId('explore-range').textContent();
  const box = (await history.first().locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('explore-range')).not.toHaveText(before ?? '');
  await page.screenshot({ path: 'test-results/explore.png', fullPage: true });

  // An explicit range: a bad one is refused inline, a good one applied.
  await page.getByLabel('To').fill('yesterday');
  await page.getByLabel('To').press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'use ISO-8601 times' })).toBeVisible();
  const from = Date.parse((await page.getByLabel('From').inputValue()));
  await page.getByLabel('To').fill(new Date(from + 2000).toISOString());
  await page.getByLabel('To').press('Enter');
  await expect(page.getByTestId('explore-range')).toHaveText(`${new Date(from).toISOString()} → ${new Date(from + 2000).toISOString()}`);

  // Export the visible range.
  await page.getByLabel('Export name').fill('bad name!');
  await expect(page.getByRole('alert').filter({ hasText: 'letters, digits' })).toBeVisible();
  await page.getByLabel('Export name').fill('zoomed');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('export-result')).toContainText(/Wrote [\d,]+ readings/);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'download' }).click();
  expect((await download).suggestedFilename()).toBe('zoomed.csv');
  expect(errors).toEqual([]);
});

test('the API refuses a page without the token', async ({ page }) => {
  const response = await page.goto(served.url.replace(/\?token=.*/, ''));
  expect(response?.status()).toBe(401);
});
