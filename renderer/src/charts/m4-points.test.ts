import { describe, expect, it } from 'vitest';
import { m4Points } from './m4-points';

describe('m4Points', () => {
  it('orders each bucket by time and drops repeated points', () => {
    const r = {
      level: 'raw',
      count: [5, 1],
      firstTs: [0, 10],
      first: [1, 7],
      lastTs: [4, 10],
      last: [2, 7],
      minTs: [3, 10],
      min: [-1, 7],
      maxTs: [1, 10],
      max: [9, 7],
    };
    expect(m4Points(r)).toEqual({ ts: [0, 1, 3, 4, 10], values: [1, 9, -1, 2, 7] });
  });
});
