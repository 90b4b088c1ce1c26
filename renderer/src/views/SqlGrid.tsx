import { useState } from 'react';
import type { SqlResult } from '../../../core/api/files-contract';

const ROW_PX = 22;
const OVERSCAN = 10;
const VIEWPORT_PX = 384;

/** Visible rows of `total` for a scroll position: [first, last) plus a few either side. */
export function visibleRows(scrollTop: number, total: number, rowPx = ROW_PX, viewportPx = VIEWPORT_PX): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / rowPx) - OVERSCAN);
  return [first, Math.min(total, Math.ceil((scrollTop + viewportPx) / rowPx) + OVERSCAN)];
}

const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(Number(v.toPrecision(10))) : String(v));

/** A result grid that renders only the rows in view (up to 100,000 rows stay cheap); spacer rows keep the scrollbar true. */
export function SqlGrid({ result }: { result: SqlResult }) {
  const [top, setTop] = useState(0);
  const [first, last] = visibleRows(top, result.rows.length);
  return (
    <div className="sql-grid" data-testid="sql-grid" style={{ height: Math.min(VIEWPORT_PX, (result.rows.length + 2) * ROW_PX) }} onScroll={(e) => setTop(e.currentTarget.scrollTop)}>
      <table aria-label="SQL result" aria-rowcount={result.rows.length}>
        <thead>
          <tr>
            {result.columns.map((c, i) => (
              <th key={i} title={c.type}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {first > 0 && <tr style={{ height: first * ROW_PX }} aria-hidden />}
          {result.rows.slice(first, last).map((row, i) => (
            <tr key={first + i} style={{ height: ROW_PX }} aria-rowindex={first + i + 1}>
              {row.map((v, j) => (
                <td key={j}>{cell(v)}</td>
              ))}
            </tr>
          ))}
          {last < result.rows.length && <tr style={{ height: (result.rows.length - last) * ROW_PX }} aria-hidden />}
        </tbody>
      </table>
    </div>
  );
}
