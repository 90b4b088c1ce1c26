import { expect, test } from '@playwright/test';
import { serve, type Served } from './serve';

/** The first-run screen of browser mode: a demo builds its own workspace and the page reloads onto it. */
let served: Served;
test.beforeAll(async () => {
  served = await serve();
});
test.afterAll(async () => {
  await served.stop();
});

test('an empty workspace offers the demos; opening one switches to its own workspace and shows the lesson', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(served.url);
  const welcome = page.getByRole('dialog', { name: 'Welcome' });
  await expect(welcome).toBeVisible();
  await expect(welcome.getByRole('listitem')).toHaveCount(5);
  await page.screenshot({ path: 'test-results/demos-welcome.png', fullPage: true });
  await welcome.getByRole('button', { name: 'Open demo Load cycles of a press motor' }).click();
  // The server switched workspaces and the page reloaded onto the demo's.
  const lesson = page.getByRole('complementary', { name: 'Lesson' });
  await expect(lesson).toContainText('Demo: Load cycles of a press motor', { timeout: 30_000 });
  await expect(lesson).toContainText('servolab simulate');
  await expect(page.getByRole('dialog', { name: 'Welcome' })).toHaveCount(0);
  await expect(page.locator('.status-bar')).toContainText(/demos\/servolab-demo-press-cycles-\w+\/demo\.duckdb/);
  await lesson.getByRole('button', { name: 'Open cycles' }).click();
  await expect(page.getByRole('tab', { name: 'Cycles' })).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: 'test-results/demos-lesson.png', fullPage: true });
  // Help → Demos has a twin in the page: the Demos button lists them again.
  await page.getByRole('button', { name: 'Demos', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Demos' }).getByRole('listitem')).toHaveCount(5);
  expect(errors).toEqual([]);
});
