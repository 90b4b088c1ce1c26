import { useMemo } from 'react';
import type { CycleMetrics } from '../../../core/cycles';
import { cycleOrder } from '../stores/cycle-order';
import { useCycles, type SortKey } from '../stores/cycles';

/** Rows per page: thousands of cycles are paged, never all in the DOM. */
export const PAGE_ROWS = 50;

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'index', label: '#' },
  { key: 'start', label: 'start (UTC)' },
  { key: 'duration_s', label: 'duration s' },
  { key: 'idle_before_s', label: 'idle before s' },
  { key: 'period_s', label: 'period s' },
  { key: 'samples', label: 'samples' },
  { key: 'baseline', label: 'baseline' },
  { key: 'max_point', label: 'peak' },
  { key: 'min', label: 'min' },
  { key: 'mean', label: 'mean' },
  { key: 'median', label: 'median' },
  { key: 'root_mean_squared', label: 'RMS' },
  { key: 'std', label: 'std' },
  { key: 'area_above_baseline', label: 'area' },
  { key: 'rise_time_s', label: 'rise s' },
  { key: 'fall_time_s', label: 'fall s' },
  { key: 'overshoot_pct', label: 'overshoot %' },
  { key: 'time_above_threshold_s', label: 'above thr. s' },
];

const fmt = (v: number | null) => (v === null ? '–' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3));

function cell(c: CycleMetrics, index: number, key: SortKey): string {
  if (key === 'index') return String(index + 1);
  if (key === 'start') return new Date(c.start).toISOString().replace('T', ' ').replace('Z', '');
  if (key === 'samples') return c.samples.toLocaleString();
  return fmt(c[key]);
}

/** Sortable, paged table of every metric; a click zooms the signal to that cycle. */
export function CycleTable({ cycles, onPick }: { cycles: readonly CycleMetrics[]; onPick(index: number): void }) {
  const { sort, page, abnormal, sortBy, setPage } = useCycles();
  const order = useMemo(() => cycleOrder(cycles, sort.key, sort.descending), [cycles, sort]);
  const pages = Math.max(1, Math.ceil(order.length / PAGE_ROWS));
  const current = Math.min(page, pages - 1);
  const rows = order.subarray(current * PAGE_ROWS, (current + 1) * PAGE_ROWS);
  return (
    <div className="cycle-table">
      <table data-testid="cycle-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button type="button" onClick={() => sortBy(c.key)}>
                  {c.label}
                  {sort.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...rows].map((i) => (
            <tr key={i} className={abnormal.has(i) ? 'abnormal' : ''} data-abnormal={abnormal.has(i) || undefined} onClick={() => onPick(i)} title="Zoom the signal to this cycle">
              {COLUMNS.map((c) => (
                <td key={c.key}>{cell(cycles[i]!, i, c.key)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pager">
        <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
          Previous
        </button>
        <span data-testid="cycle-page">
          page {current + 1} of {pages} · {order.length.toLocaleString()} rows
        </span>
        <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
          Next
        </button>
      </div>
    </div>
  );
}
