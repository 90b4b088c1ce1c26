import type { CycleMetrics } from '../../../core/cycles';
import type { SortKey } from './cycles';

/**
 * Row order of the cycle table: positions into `cycles` sorted by a metric (`index` and `start`
 * are detection order). Missing values (null) sort last either way; ties keep detection order.
 */
export function cycleOrder(cycles: readonly CycleMetrics[], key: SortKey, descending: boolean): Uint32Array {
  const order = Uint32Array.from({ length: cycles.length }, (_, i) => i);
  if (key === 'index' || key === 'start') return descending ? order.reverse() : order;
  const values = Float64Array.from(cycles, (c) => {
    const v = c[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
  });
  const sign = descending ? -1 : 1;
  return order.sort((a, b) => {
    const va = values[a]!;
    const vb = values[b]!;
    if (Number.isNaN(va) || Number.isNaN(vb)) return Number.isNaN(va) === Number.isNaN(vb) ? a - b : Number.isNaN(va) ? 1 : -1;
    return va === vb ? a - b : sign * (va - vb);
  });
}
