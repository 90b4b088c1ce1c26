import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type Served } from './serve';

const CLI = join(import.meta.dirname, '..', '..', 'bin', 'servolab.mjs');
const cli = (...args: string[]) => JSON.parse(execFileSync(process.execPath, [CLI, ...args, '--json'], { encoding: 'utf8' })) as unknown;

let served: Served;
/** Cycles the CLI finds on M-001 with the default (auto) detector: the UI must show the same. */
let expected: number;

test.beforeAll(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'servolab-e2e-cycles-')), 'lab.duckdb');
  // Two hours of a press: load cycles of 20 s to 130 s, so 55 to 360 cycles per machine.
  cli('simulate', '--db', db, '--profile', 'press', '--machines', '2', '--duration', '2h', '--seed', '7', '--start', '2026-01-01T00:00:00Z');
  const found = cli('cycles', '--db', db, '--sensor', 'voltage', '--machine', 'M-001') as { machines: { cycles: unknown[] }[] };
  expected = found.machines[0]!.cycles.length;
  served = await serve(db);
});
test.afterAll(async () => {
  await served.stop();
});

const rows = (page: Page) => page.getByTestId('cycle-table').locator('tbody tr');
const cellNumber = async (page: Page, row: number, column: number) => Number((await rows(page).nth(row).locator('td').nth(column).textContent())!.replace(/,/g, ''));

test('detect cycles of a press, sort, abnormal highlighting, live cycles as they close', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(served.url);
  await page.getByRole('tab', { name: 'Cycles' }).click();
  await expect(page.getByLabel('Machine')).toHaveValue('M-001');
  await expect(page.getByLabel('Sensor')).toHaveValue('voltage');

  // Inline validation: fixed mode needs a threshold; nothing runs until it is valid.
  await page.getByLabel('Mode').selectOption('fixed');
  await page.getByRole('button', { name: 'Detect' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'a number (the level a cycle runs above)' })).toBeVisible();
  await expect(page.getByTestId('cycle-summary')).toHaveCount(0);
  await page.getByLabel('Mode').selectOption('auto');

  await page.getByRole('button', { name: 'Detect' }).click();
  const summary = page.getByTestId('cycle-summary');
  await expect(summary).toContainText(' cycles on M-001 · voltage');
  const total = Number((await summary.locator('strong').textContent())!.replace(/,/g, ''));
  expect(total).toBe(expected);
  expect(total).toBeGreaterThanOrEqual(55);
  expect(total).toBeLessThanOrEqual(360);
  await expect(page.getByTestId('cycle-page')).toContainText(`${total} rows`);
  await expect(page.getByTestId('cycle-signal')).toHaveAttribute('data-points', /^[1-9]\d+$/);
  await expect(page.getByTestId('cycle-histogram')).toHaveAttribute('data-items', /^[1-9]\d*$/);
  await expect(page.getByTestId('cycle-overlay')).toHaveAttribute('data-items', '30');
  await expect(page.getByTestId('overlay-note')).toHaveText(`30 of ${total} cycles, evenly spaced`);

  // The highlighted rows over every page are exactly the cycles the summary calls abnormal.
  const abnormal = Number((await page.getByTestId('abnormal-count').textContent())!.match(/^(\d+)/)![1]);
  let highlighted = 0;
  for (;;) {
    highlighted += await page.locator('[data-testid="cycle-table"] tbody tr[data-abnormal]').count();
    const next = page.getByRole('button', { name: 'Next' });
    if (await next.isDisabled()) break;
    await next.click();
  }
  expect(highlighted).toBe(abnormal);

  // Sorting by duration: longest first, then shortest first.
  await page.getByRole('button', { name: 'duration s' }).click();
  await expect(page.getByTestId('cycle-page')).toContainText('page 1 of');
  const longest = await cellNumber(page, 0, 2);
  expect(longest).toBeGreaterThanOrEqual(await cellNumber(page, 1, 2));
  expect(longest).toBeGreaterThanOrEqual(await cellNumber(page, 49, 2));
  await page.getByRole('button', { name: /duration s/ }).click();
  expect(await cellNumber(page, 0, 2)).toBeLessThanOrEqual(await cellNumber(page, 1, 2));
  expect(await cellNumber(page, 0, 2)).toBeLessThan(longest);
  await page.screenshot({ path: 'test-results/cycles.png', fullPage: true });

  // Save stores them (detected again with the same parameters, in one transaction).
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('cycles-saved')).toHaveText(`saved ${total} cycles (0 replaced)`);

  // A row zooms the signal to its cycle.
  const points = await page.getByTestId('cycle-signal').getAttribute('data-points');
  await rows(page).first().click();
  await expect(page.getByTestId('cycle-signal')).not.toHaveAttribute('data-points', points ?? '');
  await page.screenshot({ path: 'test-results/cycles-zoomed.png' });

  // Live: a running press closes cycles; they are listed as they close.
  await page.getByRole('tab', { name: 'Live' }).click();
  await page.getByLabel('Profile').selectOption('press');
  await page.getByLabel('Machines').fill('2');
  await page.getByLabel('Speed ×').fill('50');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('tab', { name: 'Cycles' }).click();
  await expect(page.getByText('None yet')).toBeVisible();
  const live = page.getByTestId('live-cycles').locator('tbody tr');
  await expect(live.first()).toBeVisible({ timeout: 20_000 });
  const count = async () => Number((await page.getByTestId('live-cycle-count').textContent())!.replace(/[^\d]/g, ''));
  const first = await count();
  expect(first).toBeGreaterThan(0);
  await expect(live.first().locator('td').nth(1)).toHaveText('voltage');
  // More cycles keep closing while it runs.
  await expect.poll(count, { timeout: 20_000 }).toBeGreaterThan(first);
  await page.screenshot({ path: 'test-results/cycles-live.png', fullPage: true });
  await page.getByRole('tab', { name: 'Live' }).click();
  await page.getByRole('button', { name: 'Stop' }).click();
  expect(errors).toEqual([]);
});
