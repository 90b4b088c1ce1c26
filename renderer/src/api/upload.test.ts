import { describe, expect, it, vi } from 'vitest';
import { uploadOverHttp } from './upload';

describe('uploadOverHttp', () => {
  it('POSTs the file body to /upload with its name and returns the reference', async () => {
    const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ file: 'u-0123456789abcdef', name: 'a b.csv', bytes: 3 }), { status: 200 }));
    const file = new File(['abc'], 'a b.csv');
    expect(await uploadOverHttp(file, fetchImpl as unknown as typeof fetch)).toEqual({ file: 'u-0123456789abcdef', name: 'a b.csv', bytes: 3 });
    expect(fetchImpl).toHaveBeenCalledWith('/upload?name=a%20b.csv', expect.objectContaining({ method: 'POST', body: file }));
  });

  it("turns the server's refusal into a one-line error", async () => {
    const fetchImpl = vi.fn(async () => new Response('upload is larger than the limit of 10 bytes\n', { status: 413 }));
    await expect(uploadOverHttp(new File(['x'], 'big.csv'), fetchImpl as unknown as typeof fetch)).rejects.toThrow('upload of big.csv refused: upload is larger than the limit of 10 bytes');
  });
});
