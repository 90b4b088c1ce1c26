import { useCycles } from '../stores/cycles';

const SHOWN = 20;

/** Cycles of the running simulation, newest first, as they close (the `cycles` event). */
export function LiveCycles() {
  const { live, liveTotal, liveDropped } = useCycles();
  return (
    <section className="live-cycles" aria-label="Live cycles">
      <h3>
        Live cycles <span className="muted" data-testid="live-cycle-count">{liveTotal.toLocaleString()} closed</span>
        {liveDropped > 0 && <span className="badge warn">{liveDropped.toLocaleString()} not listed (too many at once)</span>}
      </h3>
      {live.length === 0 ? (
        <p className="muted">None yet: cycles of a running motor or press simulation appear here as they close.</p>
      ) : (
        <table data-testid="live-cycles">
          <thead>
            <tr>
              {['machine', 'sensor', 'start (UTC)', 'duration s', 'peak', 'mean'].map((h) => (
                <th key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {live.slice(0, SHOWN).map((e) => (
              <tr key={`${e.machine} ${e.sensor} ${e.cycle.start}`}>
                <td>{e.machine}</td>
                <td>{e.sensor}</td>
                <td>{new Date(e.cycle.start).toISOString().replace('T', ' ').replace('Z', '')}</td>
                <td>{e.cycle.duration_s.toFixed(1)}</td>
                <td>{e.cycle.max_point.toFixed(3)}</td>
                <td>{e.cycle.mean.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
