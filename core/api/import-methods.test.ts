import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { scratch, servoSenseCsv, snapshot, writeScratch } from '../ingest/file-test-util';
import type { LabEvents } from './contract';
import { Lab, type LabSession } from './lab';
import { LAB_METHODS } from './methods';
import { requestSchemas } from './schemas';

const DATA = join(import.meta.dirname, '../../resources/data');
let lab: Lab | null = null;

afterEach(async () => {
  await lab?.close();
  lab = null;
});

async function openLab(onEvent?: (event: string, payload: unknown) => void): Promise<{ lab: Lab; session: LabSession; events: { event: string; payload: unknown }[] }> {
  lab = await Lab.open(join(scratch(), 'w.duckdb'));
  const events: { event: string; payload: unknown }[] = [];
  const session = lab.session((event, payload) => {
    events.push({ event, payload });
    onEvent?.(event, payload);
  });
  return { lab, session, events };
}

const upload = (l: Lab, name: string, content: string | Buffer) => l.inbox.save(name, Readable.from([Buffer.from(content)]));

const BAD_CSV = [
  'event_time,machine_id,temperature,vibration',
  '2026-03-01T00:00:00Z,M-1,20.5,0.1',
  '2026-03-01T00:00:01Z,M-1,abc,0.2',
  'yesterday,M-1,23,0.4',
  '2026-03-01T00:00:08Z,M-2,26,1.0',
].join('\n') + '\n';

describe('LabApi import methods', () => {
  it('lists every method once in the runtime list and the schemas', () => {
    expect([...LAB_METHODS].sort()).toEqual(Object.keys(requestSchemas).sort());
  });

  it('previews an upload: delimiter, header, decimal comma, BOM, types, proposed mapping, first rows', async () => {
    const { lab, session } = await openLab();
    const csv = '\uFEFFdatetime;machine;temp;pressure\n2026-03-01 00:00:00;P-1;20,5;1,25\n2026-03-01 00:00:01;P-1;20,7;1,5\n';
    const file = await upload(lab, 'line log.csv', csv);
    expect(file.name).toBe('line_log.csv');
    const preview = await session.importPreview({ file: file.file });
    expect(preview).toMatchObject({ name: 'line_log.csv', format: 'csv', target: 'readings', recognized: 'industrial-log' });
    expect(preview.dialect).toMatchObject({ delimiter: ';', header: true, decimal: ',', bom: true, gzip: false });
    expect(preview.columns.map((c) => c.name)).toEqual(['datetime', 'machine', 'temp', 'pressure']);
    expect(preview.mapping).toMatchObject({ timestamp: 'datetime', machine: { column: 'machine' }, values: { layout: 'wide' } });
    expect(preview.preview.rows.length).toBe(2);
    // A preview imports nothing and keeps the upload for the real import.
    expect((await session.importHistory({})).length).toBe(0);
    expect(existsSync(file.path)).toBe(true);
  });

  it('imports with a mapping, pushes progress, reports counts and lists the quarantined rows', async () => {
    const { lab, session, events } = await openLab();
    const file = await upload(lab, 'bad.csv', BAD_CSV);
    const result = await session.importRun({ file: file.file, options: { machineName: 'Press 7', sensors: ['temperature'], units: { temperature: '°C' } } });
    expect(result).toMatchObject({ name: 'bad.csv', rows: 4, imported: 2, quarantined: 2, machines: ['Press 7'], sensors: ['temperature'] });
    expect(result.seconds).toBeGreaterThan(0);
    const progress = events.filter((e) => e.event === 'importProgress').map((e) => e.payload as LabEvents['importProgress']);
    expect(progress.at(-1)).toMatchObject({ file: file.file, name: 'bad.csv', phase: 'done', percent: 100 });
    const q = await session.quarantine({ source: 'bad.csv' });
    expect(q.total).toBe(2);
    expect(q.rows.map((r) => r.location).sort()).toEqual(['bad.csv:3', 'bad.csv:4']);
    expect(q.rows.find((r) => r.location === 'bad.csv:4')!.reason).toBe('unparseable timestamp "yesterday" (format iso)');
    expect((await session.quarantine({ source: 'other.csv' })).total).toBe(0);
    const [entry] = await session.importHistory({});
    expect(entry).toMatchObject({ name: 'bad.csv', imported: 2, quarantined: 2 });
    expect((await session.workspaceInfo({})).machines).toEqual(['Press 7']);
    // The upload is gone once imported.
    expect(existsSync(file.path)).toBe(false);
    await expect(session.importRun({ file: file.file })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a re-import unless again is set', async () => {
    const { lab, session } = await openLab();
    const csv = servoSenseCsv(300);
    await session.importRun({ file: (await upload(lab, 'sensors.csv', csv)).file });
    const second = await upload(lab, 'sensors.csv', csv);
    await expect(session.importRun({ file: second.file })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/already imported/) });
    expect(existsSync(second.path)).toBe(true); // kept, so the user can confirm
    expect(await session.importRun({ file: second.file, again: true })).toMatchObject({ imported: 900 });
    expect((await session.importHistory({})).map((h) => h.name)).toEqual(['sensors.csv', 'sensors.csv']);
  });

  it('imports the AI4I table and a Sensor Logger zip staged by the main process', async () => {
    const { lab, session } = await openLab();
    const ai4i = lab.inbox.stage(join(DATA, 'ai4i2020.csv'));
    const preview = await session.importPreview({ file: ai4i.file });
    expect(preview).toMatchObject({ target: 'table', table: 'ai4i2020', mapping: null });
    expect(preview.dialect?.bom).toBe(true);
    expect(preview.columns[0]!.name).toBe('UDI');
    expect(await session.importRun({ file: ai4i.file })).toMatchObject({ target: 'training.ai4i2020', imported: 10_000 });
    const zip = lab.inbox.stage(join(DATA, 'sensorlogger-sample.zip'));
    const zipPreview = await session.importPreview({ file: zip.file });
    expect(zipPreview.format).toBe('sensorlogger');
    expect(zipPreview.parts.length).toBeGreaterThan(1);
    expect(await session.importRun({ file: zip.file })).toMatchObject({ format: 'sensorlogger', imported: 1380, quarantined: 0 });
    // A staged path is only forgotten, never deleted.
    expect(existsSync(join(DATA, 'sensorlogger-sample.zip'))).toBe(true);
  });

  it('cancels a running import and leaves the workspace unchanged', async () => {
    let cancelled: Promise<{ cancelled: boolean }> | null = null;
    const { lab, session } = await openLab((event, payload) => {
      if (event === 'importProgress' && (payload as LabEvents['importProgress']).phase === 'storing') cancelled ??= session.importCancel({});
    });
    const file = await upload(lab, 'big.csv', servoSenseCsv(200_000));
    const before = await snapshot(lab.ws);
    await expect(session.importRun({ file: file.file })).rejects.toMatchObject({ code: 'cancelled' });
    expect(await cancelled).toEqual({ cancelled: true });
    expect(await snapshot(lab.ws)).toEqual(before);
    expect(await session.importCancel({})).toEqual({ cancelled: false });
    expect(existsSync(file.path)).toBe(true);
  });

  it('refuses bad requests with one-line messages', async () => {
    const { lab, session } = await openLab();
    await expect(session.call('importPreview', { file: '../etc/passwd' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^importPreview: file: /) });
    await expect(session.call('importPreview', { file: 'u-0123456789abcdef' })).rejects.toMatchObject({ code: 'not_found' });
    const file = await upload(lab, 'x.csv', BAD_CSV);
    await expect(session.call('importRun', { file: file.file, options: { machine: 'machine_id', machineName: 'M' } })).rejects.toThrow(/not both/);
    await expect(session.call('importRun', { file: file.file, options: { delimiter: ';;' } })).rejects.toThrow(/delimiter: one character/);
    await expect(session.call('importRun', { file: file.file, options: { path: '/etc/passwd' } })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(session.importPreview({ file: file.file, options: { timestamp: 'nope' } })).rejects.toThrow(/no column "nope"/);
    expect(readFileSync(file.path, 'utf8')).toBe(BAD_CSV);
    const scratchDir = scratch();
    writeScratch(scratchDir, 'a.csv', 'x');
    expect(() => lab.inbox.stage(join(scratchDir, 'missing.csv'))).toThrow(/no such file/);
  });
});
