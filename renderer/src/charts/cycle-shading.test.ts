import { describe, expect, it } from 'vitest';
import { shadeRects, toSpans } from './cycle-shading';

const cycles = [
  { start: 0, end: 100 },
  { start: 200, end: 300 },
  { start: 400, end: 500 },
  { start: 600, end: 700 },
];

describe('shadeRects', () => {
  it('maps visible cycles to pixels, clipped to the plot, abnormal ones apart', () => {
    const spans = toSpans(cycles, new Set([2]));
    expect(shadeRects(spans, 250, 650, 400)).toEqual({ normal: [0, 50, 350, 400], abnormal: [150, 250] });
  });

  it('skips cycles outside the range and widens slivers to the minimum width', () => {
    const spans = toSpans([{ start: 0, end: 1 }, { start: 1000, end: 1000 }, { start: 5000, end: 6000 }], new Set());
    expect(shadeRects(spans, 500, 2000, 150, 2)).toEqual({ normal: [50, 52], abnormal: [] });
    expect(shadeRects(spans, 7000, 8000, 100)).toEqual({ normal: [], abnormal: [] });
    expect(shadeRects(spans, 10, 10, 100)).toEqual({ normal: [], abnormal: [] });
  });

  it('merges cycles closer than a pixel: 100,000 cycles zoomed out are one rectangle per kind', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ({ start: i * 10, end: i * 10 + 6 }));
    const rects = shadeRects(toSpans(many, new Set([50_000])), 0, 1_000_000, 1000);
    expect(rects.normal).toEqual([0, 1000]);
    expect(rects.abnormal).toEqual([500, 501]);
  });
});
