import { useExplore } from '../stores/explore';

const fmt = (v: number | null) => (v === null ? '' : Math.abs(v) >= 1000 ? v.toFixed(0) : v.toFixed(3));

export function StatsTable({ sensors }: { sensors: string[] }) {
  const stats = useExplore((s) => s.stats).filter((s) => sensors.includes(s.sensor));
  return (
    <table className="stats" data-testid="stats-table">
      <caption>Statistics of the visible range</caption>
      <thead>
        <tr>
          {['sensor', 'unit', 'count', 'mean', 'std', 'min', 'max', 'p50', 'p95', 'p99'].map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {stats.map((s) => (
          <tr key={s.sensor}>
            <td>{s.sensor}</td>
            <td>{s.unit}</td>
            <td>{s.count.toLocaleString()}</td>
            <td>{fmt(s.mean)}</td>
            <td>{fmt(s.std)}</td>
            <td>{fmt(s.min)}</td>
            <td>{fmt(s.max)}</td>
            <td>{fmt(s.p50)}</td>
            <td>{fmt(s.p95)}</td>
            <td>{fmt(s.p99)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
