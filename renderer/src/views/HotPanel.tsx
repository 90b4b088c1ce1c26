import { useState } from 'react';
import type { HotReading } from '../../../core/store/queries';
import { useLab } from '../api/context';
import { useApp } from '../stores/app';

/** Readings of a sensor above a threshold (the seed's "temperature > 85"). */
export function HotPanel() {
  const lab = useLab();
  const info = useApp((s) => s.info);
  const fail = useApp((s) => s.fail);
  const [sensor, setSensor] = useState(info?.sensors.find((s) => s.name === 'temperature')?.name ?? info?.sensors[0]?.name ?? '');
  const [above, setAbove] = useState('85');
  const [result, setResult] = useState<{ total: number; rows: HotReading[] } | null>(null);
  const threshold = Number(above);
  const invalid = above.trim() === '' || !Number.isFinite(threshold);
  return (
    <section className="hot">
      <h3>Hot readings</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!invalid) lab.hot({ sensor, above: threshold, limit: 50 }).then(setResult, fail);
        }}
      >
        <select aria-label="Hot sensor" value={sensor} onChange={(e) => setSensor(e.target.value)}>
          {info?.sensors.map((s) => (
            <option key={s.name}>{s.name}</option>
          ))}
        </select>
        <label className={invalid ? 'invalid' : ''}>
          above
          <input aria-label="Threshold" value={above} onChange={(e) => setAbove(e.target.value)} aria-invalid={invalid || undefined} />
          {invalid && <span className="field-error" role="alert">a number</span>}
        </label>
        <button type="submit">Find</button>
      </form>
      {result && (
        <table data-testid="hot-table">
          <caption>
            {result.total.toLocaleString()} readings above {above}
          </caption>
          <tbody>
            {result.rows.map((r, i) => (
              <tr key={i}>
                <td>{r.time}</td>
                <td>{r.machine}</td>
                <td>{r.value.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
