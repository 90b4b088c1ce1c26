import { useEffect, useRef, useState } from 'react';
import type { RetrainStatus } from '../../../core/api/model-contract';
import { useLab } from '../api/context';

const MINUTE = 60_000;
const time = (ms: number) => new Date(ms).toLocaleTimeString();

/**
 * Periodic retraining of a series model: every N minutes a new version is trained on the last
 * hours of readings and promoted when it does at least as well as the live one on the newest
 * windows (or always). Shows the schedule's counts, the last run's decision and the next run;
 * the registry refreshes after every run.
 */
export function ModelRetrain({ onRun }: { onRun: () => void }) {
  const lab = useLab();
  const [name, setName] = useState('failure');
  const [horizon, setHorizon] = useState('10');
  const [window, setWindow] = useState('1');
  const [lookback, setLookback] = useState('24');
  const [every, setEvery] = useState('60');
  const [promote, setPromote] = useState<'if-better' | 'always'>('if-better');
  const [status, setStatus] = useState<RetrainStatus | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const runs = useRef(0);

  useEffect(() => {
    const seen = (s: RetrainStatus) => {
      setStatus(s);
      if (s.runs > runs.current) onRun();
      runs.current = s.runs;
    };
    lab.retrainStatus({}).then(seen, () => undefined);
    return lab.on('retrain', seen);
  }, [lab, onRun]);

  const start = async () => {
    const [h, w, l, e] = [horizon, window, lookback, every].map(Number) as [number, number, number, number];
    if (!/^[\w.-]+$/.test(name)) return setProblem('a model name is letters, digits, . _ -');
    if (!(h >= 1) || !(w >= 1)) return setProblem('horizon and window: at least 1 minute');
    if (!(l * 60 > w)) return setProblem('lookback: longer than the window');
    if (!(e >= 1)) return setProblem('every: at least 1 minute');
    setProblem(null);
    try {
      setStatus(await lab.retrainStart({ name, horizonMs: h * MINUTE, windowMs: w * MINUTE, lookbackMs: Math.round(l * 60 * MINUTE), everyMs: Math.round(e * MINUTE), promote }));
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };
  const stop = () => lab.retrainStop({}).then(setStatus, (err: unknown) => setProblem(String(err)));

  const running = status?.running === true;
  return (
    <form className="export" aria-label="Retrain periodically" onSubmit={(e) => (e.preventDefault(), void start())}>
      <strong>Retrain periodically</strong>
      <label>
        Name <input aria-label="Retrain model name" value={name} disabled={running} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Horizon (min) <input aria-label="Retrain horizon (min)" value={horizon} disabled={running} onChange={(e) => setHorizon(e.target.value)} />
      </label>
      <label>
        Window (min) <input aria-label="Retrain window (min)" value={window} disabled={running} onChange={(e) => setWindow(e.target.value)} />
      </label>
      <label>
        Lookback (h) <input aria-label="Lookback (h)" value={lookback} disabled={running} onChange={(e) => setLookback(e.target.value)} />
      </label>
      <label>
        Every (min) <input aria-label="Every (min)" value={every} disabled={running} onChange={(e) => setEvery(e.target.value)} />
      </label>
      <label>
        Promote{' '}
        <select aria-label="Promote" value={promote} disabled={running} onChange={(e) => setPromote(e.target.value as 'if-better' | 'always')}>
          <option value="if-better">if at least as good on the newest data</option>
          <option value="always">always</option>
        </select>
      </label>
      {running ? (
        <button type="button" onClick={() => void stop()}>
          Stop retraining
        </button>
      ) : (
        <button type="submit">Start retraining</button>
      )}
      {status && status.name && (
        <span data-testid="retrain-status">
          {status.name}: {status.runs} run(s), {status.promotions} promoted, {status.failures} failed
          {status.last ? ` · last ${time(status.last.at)} ${status.last.model ?? ''}: ${status.last.decision}` : ''}
          {status.nextAt !== null ? ` · next ${time(status.nextAt)}` : status.running ? ' · training…' : ''}
        </span>
      )}
      {problem && (
        <span className="field-error" role="status">
          {problem}
        </span>
      )}
    </form>
  );
}
