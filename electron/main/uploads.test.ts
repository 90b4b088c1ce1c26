import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../core/api/contract';
import type { UploadedFile } from '../../core/api/files-contract';
import { FileInbox } from '../../core/api/file-inbox';
import { CHANNELS } from '../shared/bridge';
import { registerIpc } from './ipc';
import { LabHost } from './lab-host';
import { IpcUploads } from './uploads';

vi.mock('electron', () => ({}));

const APP = 'file:///opt/ServoLab/out/renderer/index.html';
const root = mkdtempSync(join(tmpdir(), 'servolab-ipc-upload-'));
const host = new LabHost('lab:event');
const target = { id: 7, isDestroyed: () => false, send: vi.fn(), once: vi.fn() };
const bytes = (text: string) => new TextEncoder().encode(text);

type Handler = (event: unknown, ...args: unknown[]) => unknown;
function handlersFor(uploads: IpcUploads) {
  const handlers = new Map<string, Handler>();
  registerIpc({ handle: (channel: string, fn: Handler) => handlers.set(channel, fn) } as never, APP, '1', undefined, uploads);
  const onDestroyed: (() => void)[] = [];
  const sender = (id: number) => ({ id, once: (_: string, fn: () => void) => onDestroyed.push(fn) });
  const event = (id = 7, url = APP) => ({ senderFrame: { url, parent: null }, sender: sender(id) });
  const invoke = <T,>(channel: string, ...args: unknown[]) => handlers.get(channel)!(event(), ...args) as Promise<Envelope<T>>;
  return { handlers, event, invoke, destroy: () => onDestroyed.forEach((fn) => fn()) };
}

beforeAll(() => host.open(join(root, 'w.duckdb')));
afterAll(() => host.close());

describe('dropped files over IPC', () => {
  it('streams chunks into the workspace inbox; importPreview reads the reference', async () => {
    const { invoke } = handlersFor(new IpcUploads(() => host.inbox));
    const begun = await invoke<string>(CHANNELS.uploadBegin, 'plant data.csv');
    if (!begun.ok) throw new Error(begun.error.message);
    for (const part of ['ts,machine,temp\n', '2024-01-01T00:00:00Z,M1,20.5\n', '2024-01-01T00:00:01Z,M1,20.7\n'])
      expect(await invoke(CHANNELS.uploadChunk, begun.value, bytes(part))).toEqual({ ok: true, value: null });
    const ended = await invoke<UploadedFile>(CHANNELS.uploadEnd, begun.value);
    if (!ended.ok) throw new Error(ended.error.message);
    expect(ended.value).toEqual({ file: expect.stringMatching(/^u-[0-9a-f]{16}$/), name: 'plant_data.csv', bytes: 74 });
    const preview = await host.call(target, 'importPreview', { file: ended.value.file });
    expect(preview.ok && (preview.value as { columns: { name: string }[] }).columns.map((c) => c.name)).toEqual(['ts', 'machine', 'temp']);
  });

  it('refuses an upload over the limit with one line and leaves nothing behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'servolab-ipc-limit-'));
    const uploads = new IpcUploads(() => new FileInbox(dir), 10);
    const { invoke } = handlersFor(uploads);
    const begun = (await invoke<string>(CHANNELS.uploadBegin, 'big.csv')) as { ok: true; value: string };
    await invoke(CHANNELS.uploadChunk, begun.value, bytes('123456'));
    // The limit is noticed as the bytes arrive: this chunk or the end reports it.
    const second = await invoke(CHANNELS.uploadChunk, begun.value, bytes('7890123'));
    const outcome = second.ok ? await invoke(CHANNELS.uploadEnd, begun.value) : second;
    expect(outcome).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid_input', message: 'upload is larger than the limit of 10 bytes' }) });
    expect(readdirSync(dir)).toEqual([]);
    expect(uploads.size).toBe(0);
  });

  it('refuses bad names, non-byte chunks, unknown ids and another window’s upload', async () => {
    const uploads = new IpcUploads(() => host.inbox);
    const { handlers, event, invoke } = handlersFor(uploads);
    expect(await invoke(CHANNELS.uploadBegin, '..')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const begun = (await invoke<string>(CHANNELS.uploadBegin, 'a.csv')) as { ok: true; value: string };
    expect(await invoke(CHANNELS.uploadChunk, begun.value, 'not bytes')).toMatchObject({ ok: false, error: { message: 'upload chunk must be bytes' } });
    expect(await invoke(CHANNELS.uploadEnd, 'nope')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const other = (await handlers.get(CHANNELS.uploadEnd)!(event(8), begun.value)) as Envelope<unknown>;
    expect(other).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(() => handlers.get(CHANNELS.uploadBegin)!(event(7, 'https://evil.example/'), 'x.csv')).toThrow(/untrusted sender/);
  });

  it('a cancelled upload or a closed window removes the partial file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'servolab-ipc-abort-'));
    const uploads = new IpcUploads(() => new FileInbox(dir));
    const { invoke, destroy } = handlersFor(uploads);
    const first = (await invoke<string>(CHANNELS.uploadBegin, 'a.csv')) as { ok: true; value: string };
    await invoke(CHANNELS.uploadChunk, first.value, bytes('ts,v\n'));
    await invoke(CHANNELS.uploadAbort, first.value);
    const second = (await invoke<string>(CHANNELS.uploadBegin, 'b.csv')) as { ok: true; value: string };
    await invoke(CHANNELS.uploadChunk, second.value, bytes('ts,v\n'));
    destroy();
    expect(uploads.size).toBe(0);
    await vi.waitFor(() => expect(readdirSync(dir)).toEqual([]));
    expect(await invoke(CHANNELS.uploadEnd, second.value)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('keeps the exact bytes of a binary file', async () => {
    const { invoke } = handlersFor(new IpcUploads(() => host.inbox));
    const data = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31) % 256);
    const begun = (await invoke<string>(CHANNELS.uploadBegin, 'x.parquet')) as { ok: true; value: string };
    for (let o = 0; o < data.length; o += 65_536) await invoke(CHANNELS.uploadChunk, begun.value, data.subarray(o, o + 65_536));
    const ended = (await invoke<UploadedFile>(CHANNELS.uploadEnd, begun.value)) as { ok: true; value: UploadedFile };
    const path = host.inbox.resolve(ended.value.file).path;
    expect(existsSync(path) && Buffer.compare(readFileSync(path), Buffer.from(data))).toBe(0);
  });
});
