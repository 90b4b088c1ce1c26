import { describe, expect, it } from 'vitest';
import { allocateBatch } from '../model';
import { MAX_VALID_TS, prepareBatch } from './prepare';

const T0 = Date.UTC(2026, 0, 1);
const ranges = new Map([['temperature', { min: -50, max: 200 }]]);

function batchOf(rows: [ts: number, machine: number, sensor: number, value: number][], machines = ['M-1', 'M-2'], sensors = ['temperature', 'free']) {
  const b = allocateBatch(rows.length, machines, sensors);
  rows.forEach(([t, m, s, v], i) => {
    b.ts[i] = t;
    b.machine[i] = m;
    b.sensor[i] = s;
    b.value[i] = v;
  });
  b.length = rows.length;
  return b;
}

describe('prepareBatch', () => {
  it('keeps an ordered, valid batch as it is (no copy)', () => {
    const b = batchOf([
      [T0, 0, 0, 20],
      [T0 + 100, 0, 0, 21],
      [T0, 1, 0, 30],
    ]);
    const p = prepareBatch(b, ranges);
    expect(p.length).toBe(3);
    expect(p.rejected).toEqual([]);
    expect(p.value.buffer).toBe(b.value.buffer);
    expect([p.minTs, p.maxTs]).toEqual([T0, T0 + 100]);
  });

  it('quarantines out-of-range, non-finite and impossible-time readings with reasons', () => {
    const b = batchOf([
      [T0, 0, 0, 20],
      [T0 + 1, 0, 0, 250],
      [T0 + 2, 0, 0, NaN],
      [T0 + 3, 0, 1, Infinity],
      [MAX_VALID_TS + 1, 0, 0, 20],
      [-5, 1, 1, 1e300],
    ]);
    const p = prepareBatch(b, ranges, 'sim');
    expect(p.length).toBe(1);
    expect(p.rejected.map((r) => r.reason)).toEqual([
      'value 250 of temperature outside valid range [-50, 200]',
      'value of temperature is not a finite number (NaN)',
      'value of free is not a finite number (Infinity)',
      expect.stringMatching(/^timestamp 2200-01-01T00:00:00.001Z outside 1970..2200$/),
      expect.stringMatching(/^timestamp 1969-12-31T23:59:59.995Z outside/),
    ]);
    expect(JSON.parse(p.rejected[0]!.raw)).toEqual({ ts: '2026-01-01T00:00:00.001Z', machine: 'M-1', sensor: 'temperature', value: 250 });
    expect(p.rejected.every((r) => r.location === 'sim')).toBe(true);
    // every row is accounted for
    expect(p.length + p.rejected.length).toBe(b.length);
  });

  it('groups rows by series and sorts each series by time', () => {
    const b = batchOf([
      [T0 + 300, 1, 0, 4],
      [T0 + 100, 0, 1, 1],
      [T0 + 200, 1, 0, 3],
      [T0 + 50, 0, 1, 0],
      [T0 + 10, 0, 0, 9],
    ]);
    const p = prepareBatch(b, ranges);
    expect(Array.from(p.machine)).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(p.sensor)).toEqual([0, 1, 1, 0, 0]);
    expect(Array.from(p.ts).map((t) => t - T0)).toEqual([10, 50, 100, 200, 300]);
    expect(Array.from(p.value)).toEqual([9, 0, 1, 3, 4]);
  });

  it('rolls up per second and per minute', () => {
    const rows: [number, number, number, number][] = [];
    for (let i = 0; i < 1200; i++) rows.push([T0 + i * 100, 0, 0, i % 7]);
    const p = prepareBatch(batchOf(rows), ranges);
    expect(p.rollup1s.length).toBe(120);
    expect(p.rollup1m.length).toBe(2);
    expect(Array.from(p.rollup1m.n.subarray(0, 2))).toEqual([600, 600]);
    expect(p.rollup1s.sum[0]).toBe([0, 1, 2, 3, 4, 5, 6, 0, 1, 2].reduce((a, b) => a + b));
  });
});
