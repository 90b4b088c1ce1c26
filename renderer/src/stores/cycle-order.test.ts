import { describe, expect, it } from 'vitest';
import type { CycleMetrics } from '../../../core/cycles';
import { cycleOrder } from './cycle-order';

const cycle = (duration_s: number, rise_time_s: number | null) => ({ duration_s, rise_time_s }) as CycleMetrics;
const cycles = [cycle(30, 1), cycle(10, null), cycle(20, 3), cycle(10, 2)];

describe('cycleOrder', () => {
  it('sorts by a metric either way, ties in detection order', () => {
    expect([...cycleOrder(cycles, 'duration_s', false)]).toEqual([1, 3, 2, 0]);
    expect([...cycleOrder(cycles, 'duration_s', true)]).toEqual([0, 2, 1, 3]);
  });

  it('puts missing values last in both directions', () => {
    expect([...cycleOrder(cycles, 'rise_time_s', false)]).toEqual([0, 3, 2, 1]);
    expect([...cycleOrder(cycles, 'rise_time_s', true)]).toEqual([2, 3, 0, 1]);
  });

  it('keeps detection order for index and reverses it', () => {
    expect([...cycleOrder(cycles, 'index', false)]).toEqual([0, 1, 2, 3]);
    expect([...cycleOrder(cycles, 'index', true)]).toEqual([3, 2, 1, 0]);
  });
});
