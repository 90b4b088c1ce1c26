import { useMemo, useState } from 'react';
import type { SqlResult } from '../../../core/api/files-contract';
import { useLab } from '../api/context';
import { PlotChart } from '../charts/PlotChart';
import { accent } from '../charts/theme';
import { TimeChart } from '../charts/TimeChart';
import { useAnalysis } from '../stores/analysis';
import { FileExport } from './FileExport';
import { SqlGrid } from './SqlGrid';

const NUMERIC = /INT|DOUBLE|FLOAT|DECIMAL|REAL|NUMERIC|HUGEINT/i;
const TIME = /^TIMESTAMP|^DATE$/i;

/** x = the first timestamp column (epoch ms) when there is one, else the row number. */
export function chartSeries(result: SqlResult, column: number): { ts: number[]; values: number[]; time: boolean } {
  const timeCol = result.columns.findIndex((c) => TIME.test(c.type));
  const ts: number[] = [];
  const values: number[] = [];
  result.rows.forEach((row, i) => {
    const v = Number(row[column]);
    const x = timeCol >= 0 ? Date.parse(String(row[timeCol])) : i;
    if (row[column] !== null && Number.isFinite(v) && Number.isFinite(x)) {
      ts.push(x);
      values.push(v);
    }
  });
  return { ts, values, time: timeCol >= 0 };
}

/** Read-only SQL over the workspace: Run/Cancel, a windowed result grid, a chart of one numeric column, CSV export. */
export function SqlView() {
  const lab = useLab();
  const { sqlText, sql: result, setSqlText, setSql } = useAnalysis();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [chartCol, setChartCol] = useState(-1);
  const numeric = useMemo(() => (result?.columns ?? []).map((c, i) => ({ ...c, i })).filter((c) => NUMERIC.test(c.type)), [result]);
  const col = numeric.some((c) => c.i === chartCol) ? chartCol : (numeric[0]?.i ?? -1);
  const series = useMemo(() => (result && col >= 0 ? chartSeries(result, col) : null), [result, col]);
  const run = () => {
    setRunning(true);
    setError(null);
    lab
      .sql({ sql: sqlText })
      .then(setSql, (e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setRunning(false));
  };
  return (
    <section className="sql-console" aria-label="SQL">
      <textarea
        aria-label="SQL statement"
        rows={5}
        value={sqlText}
        onChange={(e) => setSqlText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run();
        }}
      />
      <div>
        <button onClick={run} disabled={running} title="Ctrl+Enter">
          Run
        </button>{' '}
        <button onClick={() => void lab.sqlCancel({})} disabled={!running}>
          Cancel
        </button>{' '}
        <span className="muted">Read-only: one SELECT, EXPLAIN or similar statement.</span>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {result && !running && (
        <>
          <p data-testid="sql-summary">
            {result.rows.length.toLocaleString()} rows in {result.elapsedMs.toFixed(0)} ms
            {result.truncated && <span className="badge warn"> truncated (first {result.rows.length.toLocaleString()})</span>}
          </p>
          <SqlGrid result={result} />
          {series && (
            <figure className="history-chart">
              <figcaption>
                Chart of{' '}
                <select aria-label="Chart column" value={col} onChange={(e) => setChartCol(Number(e.target.value))}>
                  {numeric.map((c) => (
                    <option key={c.i} value={c.i}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </figcaption>
              {series.time ? (
                <TimeChart title={result.columns[col]!.name} ts={series.ts} values={series.values} testId="sql-chart" />
              ) : (
                <PlotChart
                  testId="sql-chart"
                  items={series.values.length}
                  shape="sql-rows"
                  data={[series.ts, series.values]}
                  options={(el) => ({
                    scales: { x: { time: false } },
                    axes: [{ label: 'row' }, {}],
                    legend: { show: false },
                    series: [{}, { label: result.columns[col]!.name, stroke: accent(el) }],
                  })}
                />
              )}
            </figure>
          )}
          <FileExport label="Export result" initial="query.csv" run={(out) => lab.exportSql({ sql: sqlText, out })} />
        </>
      )}
    </section>
  );
}
