import { useMemo, useRef } from 'react';
import { TimeChart } from '../charts/TimeChart';
import { seriesKey, useLive, WINDOWS } from '../stores/live';
import { SeriesPicker } from './SeriesPicker';
import { SimControls } from './SimControls';

export function LiveView() {
  const { machines, sensors, windowMs, paused, status, setWindow, togglePaused } = useLive();
  return (
    <section className="live" aria-label="Live">
      <SimControls />
      <div className="live-toolbar">
        <span className="rate" data-testid="ingest-rate">
          {status?.running ? `${status.rate.toLocaleString()} readings/s` : 'stopped'}
        </span>
        {status && status.events > 0 && (
          <span className="badge warn" data-testid="fault-badge" title="ground-truth fault events from the simulator">
            {status.events} fault events
          </span>
        )}
        {status && status.quarantined > 0 && <span className="badge warn">{status.quarantined} quarantined</span>}
        {status?.lastError && <span className="badge error">{status.lastError}</span>}
        <span className="spacer" />
        {WINDOWS.map((w) => (
          <button key={w.ms} className={w.ms === windowMs ? 'active' : ''} onClick={() => setWindow(w.ms)}>
            {w.label}
          </button>
        ))}
        <button onClick={togglePaused} aria-pressed={paused} title="Space">
          {paused ? 'Follow live' : 'Pause'}
        </button>
      </div>
      <SeriesPicker />
      <div className="chart-grid">
        {machines.flatMap((m) => sensors.map((s) => <LiveChart key={seriesKey(m, s)} machine={m} sensor={s} />))}
      </div>
      {machines.length === 0 && <p className="muted">Start a simulation to watch machines live.</p>}
    </section>
  );
}

function LiveChart({ machine, sensor }: { machine: string; sensor: string }) {
  const ring = useLive((s) => s.rings.get(seriesKey(machine, sensor)));
  const windowMs = useLive((s) => s.windowMs);
  // Frames arrive at most 30 times a second (the engine coalesces them); each bumps `revision`.
  // Paused charts keep the revision they froze at.
  const live = useLive((s) => s.revision);
  const paused = useLive((s) => s.paused);
  const frozen = useRef(live);
  if (!paused) frozen.current = live;
  const revision = frozen.current;
  const view = useMemo(() => {
    const last = ring?.last();
    if (!ring || !last) return { ts: [], values: [], range: undefined, current: null };
    const to = last.ts;
    const { ts, values } = ring.since(to - windowMs);
    return { ts, values, range: { from: to - windowMs, to }, current: last.value };
    // `revision` stands for the (mutable) ring contents
  }, [ring, windowMs, revision]);
  return (
    <figure className="live-chart">
      <figcaption>
        {machine} · {sensor} <strong data-testid="current-value">{view.current === null ? '–' : view.current.toFixed(2)}</strong>
      </figcaption>
      <TimeChart title={`${machine} ${sensor}`} ts={view.ts} values={view.values} range={view.range} height={140} testId="live-chart" />
    </figure>
  );
}
