import { expect, test } from '@playwright/test';
import { serve, type Served } from './serve';

let served: Served;
test.beforeAll(async () => {
  served = await serve();
});
test.afterAll(async () => {
  await served.stop();
});

/** 120 good rows (2 machines × 2 sensors, every 30 s for an hour) and 3 bad ones. */
function plantCsv(): string {
  const rows = ['ts,machine,temp,rpm'];
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < 120; i++) rows.push(`${new Date(t0 + 30_000 * i).toISOString().replace('.000', '')},M${1 + (i % 2)},${(20 + i * 0.1).toFixed(1)},${1500 + i}`);
  rows.splice(10, 0, 'not-a-time,M1,20.0,1500');
  rows.splice(20, 0, '2024-01-01T00:05:00Z,M1,hot,1500');
  rows.splice(30, 0, '2024-01-01T00:06:00Z,M1');
  return rows.join('\n') + '\n';
}

test('drop a CSV, confirm the mapping, import with quarantine, refuse a re-import, window aggregate and SQL', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(served.url);
  const csv = plantCsv();

  // Dropped on the window (not on a target): the Import view opens with the preview.
  // (A string: this file compiles without the DOM library.)
  await page.evaluate(`(() => {
    const data = new DataTransfer();
    data.items.add(new File([${JSON.stringify(csv)}], 'plant.csv', { type: 'text/csv' }));
    window.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, cancelable: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, cancelable: true }));
  })()`);
  await expect(page.getByRole('tab', { name: 'Import' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Timestamp column')).toHaveValue('ts');
  await expect(page.getByLabel('Machine column')).toHaveValue('machine');
  await expect(page.getByLabel('Sensor temp')).toBeChecked();
  await expect(page.getByRole('table', { name: 'Preview rows' })).toContainText('1500');

  // Inline validation, then the detected mapping with a unit confirmed.
  await page.getByLabel('Time format').fill('sometime');
  await expect(page.getByText(/strptime pattern/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  await page.getByLabel('Time format').fill('iso');
  await page.getByLabel('Unit of temp').fill('°C');
  await page.screenshot({ path: 'test-results/import-mapping.png', fullPage: true });
  await page.getByRole('button', { name: 'Import', exact: true }).click();

  await expect(page.getByTestId('imported')).toHaveText('240');
  await expect(page.getByTestId('quarantined')).toHaveText('3');
  await page.getByRole('button', { name: /3 quarantined/ }).click();
  const quarantined = page.getByRole('table', { name: 'Quarantined rows' });
  await expect(quarantined.locator('tbody tr')).toHaveCount(3);
  await expect(quarantined).toContainText('unparseable timestamp "not-a-time"');
  await expect(quarantined).toContainText('plant.csv:21');
  await expect(page.getByRole('table', { name: 'Import history' }).locator('tbody tr')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/import-result.png', fullPage: true });

  // The same content again through the file button: refused, the user keeps the earlier import.
  await page.getByRole('button', { name: 'Import another file' }).click();
  await page.getByLabel('File to import').setInputFiles({ name: 'plant.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('alertdialog')).toContainText('already imported');
  await page.getByRole('button', { name: 'Keep the earlier import' }).click();
  await expect(page.getByRole('table', { name: 'Import history' }).locator('tbody tr')).toHaveCount(1);

  // Ten-minute windows of M1's temperature: six, charted and tabled.
  await page.getByRole('tab', { name: 'Windows' }).click();
  await page.getByLabel('Every').fill('10m');
  await page.getByLabel('Machine').selectOption('M1');
  await page.getByLabel('Sensor').selectOption('temp');
  await page.getByRole('button', { name: 'Aggregate' }).click();
  await expect(page.getByTestId('windows-summary')).toContainText('6 windows');
  await expect(page.getByRole('table', { name: 'Windows' }).locator('tbody tr')).toHaveCount(6);
  await expect(page.getByTestId('windows-chart')).toHaveAttribute('data-points', '6');
  await page.screenshot({ path: 'test-results/windows.png', fullPage: true });

  // M1's temperature, first half hour against the second (even i: 20 + 0.1 i): means 22.9 and 28.9.
  await page.getByLabel('A from').fill('2024-01-01T00:00:00');
  await page.getByLabel('A to').fill('2024-01-01T00:29:59');
  await page.getByLabel('B from').fill('2024-01-01T00:30:00');
  await page.getByLabel('B to').fill('2024-01-01T00:59:59');
  await page.getByRole('button', { name: 'Compare' }).click();
  const compared = page.getByRole('table', { name: 'Comparison' }).locator('tbody tr');
  await expect(compared).toHaveCount(3);
  await expect(compared.nth(0).locator('td').nth(3)).toHaveText('30');
  await expect(compared.nth(0).locator('td').nth(4)).toHaveText('22.9');
  await expect(compared.nth(1).locator('td').nth(4)).toHaveText('28.9');
  await expect(compared.nth(2).locator('td').nth(4)).toHaveText('6');

  // SQL over the imported readings.
  await page.getByRole('tab', { name: 'SQL' }).click();
  await page.getByLabel('SQL statement').fill("SELECT m.name AS machine, count(*) AS n FROM readings r JOIN machines m ON m.id = r.machine GROUP BY ALL ORDER BY machine");
  await page.getByRole('button', { name: 'Run' }).click();
  const grid = page.getByRole('table', { name: 'SQL result' });
  await expect(grid.locator('tbody tr[aria-rowindex]')).toHaveCount(2);
  await expect(grid).toContainText('M1');
  // 60 good rows per machine, two sensors each.
  await expect(grid.locator('tbody tr[aria-rowindex="1"] td').nth(1)).toHaveText('120');
  await expect(page.getByTestId('sql-chart').locator('canvas')).toBeVisible();
  await page.screenshot({ path: 'test-results/sql.png', fullPage: true });
  await page.getByLabel('SQL statement').fill('DELETE FROM readings');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('alert')).toContainText('read-only');
  expect(errors).toEqual([]);
});
