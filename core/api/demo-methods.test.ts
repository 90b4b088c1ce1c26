import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setResourcesDir } from '../cli/bundle-paths';
import type { DemoOpened, DemoProgress, DemoSummary } from './demo-contract';
import type { WorkspaceInfo } from './contract';
import { Lab, type LabSession } from './lab';

/** Demos through LabApi: listed, built into a new workspace beside the user's, remembered as a lesson. */
const failure = (p: Promise<unknown>) => p.then(() => null, (e: { code: string; message: string }) => ({ code: e.code, message: e.message }));

describe('teaching demos through LabApi', () => {
  const dir = mkdtempSync(join(tmpdir(), 'servolab-demo-api-'));
  let lab: Lab;
  let session: LabSession;
  const progress: DemoProgress[] = [];

  beforeAll(async () => {
    setResourcesDir(new URL('../../resources/', import.meta.url));
    lab = await Lab.open(join(dir, 'mine.duckdb'));
    session = lab.session((event, payload) => {
      if (event === 'demoProgress') progress.push(payload as DemoProgress);
    });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('lists the shipped demos with their lessons and views', async () => {
    const { demos } = (await session.call('demosList', {})) as { demos: DemoSummary[] };
    expect(demos.map((d) => d.id)).toEqual(['bearing-wear', 'overheating', 'press-cycles', 'ai4i-maintenance', 'fleet-clustering']);
    expect(demos[2]).toMatchObject({ title: 'Load cycles of a press motor', views: ['cycles', 'explore'], steps: 3 });
    expect((await session.call('workspaceInfo', {})) as WorkspaceInfo).toMatchObject({ readings: 0, empty: true, demo: null });
  });

  it('builds a demo into its own new workspace, leaves the open one alone, and hands it to the host', async () => {
    const opened: string[] = [];
    lab.workspaceOpener = (path) => opened.push(path);
    const result = (await session.call('demoOpen', { id: 'press-cycles' })) as DemoOpened;
    expect(result).toMatchObject({ id: 'press-cycles', title: 'Load cycles of a press motor', switching: true });
    expect(dirname(dirname(result.db))).toBe(join(dir, 'demos'));
    expect(progress.map((p) => `${p.step}/${p.of}`)).toEqual(['1/3', '2/3', '3/3']);
    await expect.poll(() => opened).toEqual([result.db]);
    // The user's workspace got nothing; the demo's has the readings and knows its lesson.
    expect(((await session.call('workspaceInfo', {})) as WorkspaceInfo).readings).toBe(0);
    const demoLab = await Lab.open(result.db);
    try {
      const info = await demoLab.info();
      expect(info.readings).toBeGreaterThan(0);
      expect(info.demo).toMatchObject({ id: 'press-cycles', views: ['cycles', 'explore'] });
      expect(info.demo!.steps[0]!.argv[0]).toBe('simulate');
    } finally {
      await demoLab.close();
    }
    lab.workspaceOpener = null;
    const again = (await session.call('demoOpen', { id: 'press-cycles' })) as DemoOpened;
    expect(again.switching).toBe(false);
    expect(again.db).not.toBe(result.db); // every opening is a fresh workspace
    expect(existsSync(again.db)).toBe(true);
  }, 60_000);

  it('refuses an unknown or malformed demo id with one line', async () => {
    expect(await failure(session.call('demoOpen', { id: 'nope' }))).toMatchObject({ code: 'usage', message: expect.stringContaining('no demo "nope"') });
    expect(await failure(session.call('demoOpen', { id: '../etc' }))).toMatchObject({ code: 'invalid_input' });
  });
});
