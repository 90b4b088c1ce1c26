import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { scratch, writeScratch } from '../file-test-util';
import { locateRecords, MAX_RAW_BYTES } from './line-locator';

const csv = { quote: '"', escape: '"', leadingRecords: 1, gzip: false, blankLinesAreRecords: false };

describe('locateRecords', () => {
  const text = 'a,b\n1,"x\n""y"""\n\n2,z\r\n3,"q,\nr"\n4,w';
  it('maps accepted records to their start lines and raw text', async () => {
    const path = writeScratch(scratch(), 'f.csv', text);
    const found = await locateRecords(path, csv, new Set(), [0, 1, 2, 3], 4);
    expect(found && [...found.entries()]).toEqual([
      [0, { line: 2, raw: '1,"x\n""y"""' }],
      [1, { line: 5, raw: '2,z' }],
      [2, { line: 6, raw: '3,"q,\nr"' }],
      [3, { line: 8, raw: '4,w' }],
    ]);
  });

  it('skips records the reader rejected, reads gzip, and notices a disagreement', async () => {
    const path = writeScratch(scratch(), 'f.csv.gz', gzipSync(text));
    const found = await locateRecords(path, { ...csv, gzip: true }, new Set([5]), [1], 3);
    expect(found?.get(1)).toEqual({ line: 6, raw: '3,"q,\nr"' });
    expect(await locateRecords(path, { ...csv, gzip: true }, new Set(), [0], 99)).toBeNull();
  });

  it('cuts very long raw text', async () => {
    const path = writeScratch(scratch(), 'long.csv', `h\n${'x'.repeat(MAX_RAW_BYTES * 3)}\n`);
    const found = await locateRecords(path, { ...csv, blankLinesAreRecords: true }, new Set(), [0], 1);
    expect(found?.get(0)?.raw.length).toBe(MAX_RAW_BYTES);
  });
});
