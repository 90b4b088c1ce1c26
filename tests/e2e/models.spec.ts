import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { serve, type Served } from './serve';

/** The Models view in browser mode: train a table model on the imported AI4I data, read its metrics and curves, promote it. */
const ROOT = join(import.meta.dirname, '..', '..');
let served: Served;
test.beforeAll(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'servolab-e2e-models-')), 'lab.duckdb');
  execFileSync(process.execPath, [join(ROOT, 'bin', 'servolab.mjs'), 'import', join(ROOT, 'resources', 'data', 'ai4i2020.csv'), '--db', db]);
  served = await serve(db);
});
test.afterAll(async () => {
  await served.stop();
});

test('train on a training table with progress, see the confusion matrix, ROC and PR curves, compare and promote', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(served.url);
  // Not empty (it holds a training table): no first-run screen.
  await expect(page.getByRole('tab', { name: 'Live' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('dialog', { name: 'Welcome' })).toHaveCount(0);
  await page.getByRole('tab', { name: 'Models' }).click();
  // The train form (the retraining form beside it has labels of its own).
  const train = page.getByRole('form', { name: 'Train a model' });
  await train.getByLabel('Name').fill('ai4i');
  await train.getByLabel('Source').selectOption('table');
  await train.getByLabel('Table').fill('ai4i2020');
  await train.getByLabel('Label').fill('Machine failure');
  await train.getByLabel('Trees').fill('0');
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('trees: a whole number from 1 to 2000')).toBeVisible();
  await train.getByLabel('Trees').fill('40');
  await train.getByLabel('Threshold metric').selectOption('f2');
  // The dataset builder: identifiers and the failure-mode columns that leak the label are dropped, physics is derived.
  await train.getByLabel('Drop columns').fill('UDI, Product ID, TWF, HDF, PWF, OSF, RNF');
  await train.getByLabel('Derived features').fill('power="Torque [Nm]" * "Rotational speed [rpm]" * 2 * pi() / 60\nstrain="Tool wear [min]" * "Torque [Nm]"');
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  const registry = page.getByTestId('model-registry');
  await expect(registry).toContainText('ai4i@1', { timeout: 60_000 });
  await page.getByLabel('Compare ai4i@1').check();
  const detail = page.getByTestId('model-detail');
  await expect(detail.getByRole('table', { name: 'Confusion matrix' })).toBeVisible();
  await expect(detail.getByTestId('roc-curve').locator('canvas')).toBeVisible();
  await expect(detail.getByTestId('pr-curve').locator('canvas')).toBeVisible();
  await expect(detail).toContainText(/ROC · AUC 0\.\d{3}/);
  const importance = detail.getByRole('list', { name: 'Feature importance' });
  await expect(importance).toContainText('power');
  await expect(importance).not.toContainText('HDF');
  await page.screenshot({ path: 'test-results/models.png', fullPage: true });
  expect(errors).toEqual([]);
});
