import { describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../../core/api/contract';
import type { PreloadBridge } from '../../../electron/shared/bridge';
import { clientOver, preloadTransport, uploadOverBridge } from './client';

/** A preload bridge whose upload half records what the renderer sends. */
function fakeBridge(failChunk = -1) {
  const chunks: Uint8Array[] = [];
  const upload = {
    begin: vi.fn(async (): Promise<Envelope<string>> => ({ ok: true, value: 'id1' })),
    chunk: vi.fn(async (_id: string, bytes: Uint8Array): Promise<Envelope<null>> => {
      if (chunks.length === failChunk) return { ok: false, error: { code: 'invalid_input', message: 'upload is larger than the limit of 5 bytes' } };
      chunks.push(bytes);
      return { ok: true, value: null };
    }),
    end: vi.fn(async (): Promise<Envelope<{ file: string; name: string; bytes: number }>> => ({ ok: true, value: { file: 'u-0123456789abcdef', name: 'big.csv', bytes: chunks.reduce((n, c) => n + c.length, 0) } })),
    abort: vi.fn(async () => undefined),
  };
  const bridge = { version: vi.fn(), call: vi.fn(), onEvent: () => () => undefined, onCommand: () => () => undefined, upload } as unknown as PreloadBridge;
  return { bridge, upload, chunks };
}

describe('desktop drop upload (preload transport)', () => {
  it('sends the file in chunks and returns the inbox reference', async () => {
    const { bridge, upload, chunks } = fakeBridge();
    const data = Uint8Array.from({ length: 2 * 1000 + 123 }, (_, i) => i % 251);
    expect(await uploadOverBridge(bridge, new File([data], 'big.csv'), 1000)).toEqual({ file: 'u-0123456789abcdef', name: 'big.csv', bytes: data.length });
    expect(upload.begin).toHaveBeenCalledWith('big.csv');
    expect(chunks.map((c) => c.length)).toEqual([1000, 1000, 123]);
    const joined = new Uint8Array(data.length);
    chunks.reduce((o, c) => (joined.set(c, o), o + c.length), 0);
    expect(Array.from(joined)).toEqual(Array.from(data));
    expect(upload.abort).not.toHaveBeenCalled();
  });

  it("is the desktop client's upload", async () => {
    const { bridge, chunks } = fakeBridge();
    expect(await clientOver(preloadTransport(bridge)).upload(new File(['ts,v\n1,2\n'], 'a.csv'))).toMatchObject({ bytes: 9 });
    expect(chunks).toHaveLength(1);
  });

  it("reports main's refusal and aborts the upload", async () => {
    const { bridge, upload } = fakeBridge(0);
    await expect(clientOver(preloadTransport(bridge)).upload(new File(['123456'], 'big.csv'))).rejects.toThrow('upload is larger than the limit of 5 bytes');
    expect(upload.abort).toHaveBeenCalledWith('id1');
    expect(upload.end).not.toHaveBeenCalled();
  });
});
