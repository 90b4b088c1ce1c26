import { useEffect, useState } from 'react';
import type { ThresholdMetric } from '../../../core/ml/metrics';
import type { TrainProgressEvent, TrainStartResponse } from '../../../core/api/model-contract';
import { hopProblem } from '../../../core/ml/hop';
import { useLab } from '../api/context';

/**
 * The train form: a series model from the workspace's readings (failure within the horizon, or
 * remaining useful life capped at it; window, hop and range), or a table model from
 * an imported training table. Inputs are checked before the call; trees grown show as progress,
 * and Cancel stops the run (the engine records it as failed, no model).
 */
export function ModelTrain({ onTrained }: { onTrained: (r: TrainStartResponse) => void }) {
  const lab = useLab();
  const [source, setSource] = useState<'series' | 'table'>('series');
  const [name, setName] = useState('failure');
  const [horizon, setHorizon] = useState('10');
  const [target, setTarget] = useState<'failure' | 'rul'>('failure');
  const [windowS, setWindowS] = useState('60');
  const [hopS, setHopS] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [table, setTable] = useState('');
  const [label, setLabel] = useState('');
  const [trees, setTrees] = useState('100');
  const [thresholdMetric, setThresholdMetric] = useState<ThresholdMetric>('f1');
  const [drop, setDrop] = useState('');
  const [derive, setDerive] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState<TrainProgressEvent | null>(null);
  const [running, setRunning] = useState(false);

  useEffect(() => lab.on('trainProgress', setProgress), [lab]);

  const submit = async () => {
    const treeCount = Number(trees);
    const minutes = Number(horizon);
    if (!/^[\w.-]+$/.test(name)) return setProblem('a model name is letters, digits, . _ -');
    if (!Number.isInteger(treeCount) || treeCount < 1 || treeCount > 2000) return setProblem('trees: a whole number from 1 to 2000');
    const series = source === 'series' ? seriesRequest({ minutes, windowS, hopS, from, to }) : null;
    if (typeof series === 'string') return setProblem(series);
    if (source === 'table' && (!table || !label)) return setProblem('a table model needs the table and its label column');
    setProblem(null);
    setProgress(null);
    setRunning(true);
    try {
      const common = { name, source, trees: treeCount, thresholdMetric };
      const lists = { drop: splitList(drop, ','), derive: splitList(derive, '\n') };
      const request = series ? { ...common, ...series, label: target } : { ...common, table, label, ...lists };
      onTrained(await lab.trainStart(request));
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  };

  return (
    <form className="export" aria-label="Train a model" onSubmit={(e) => (e.preventDefault(), void submit())}>
      <label>
        Source
        <select aria-label="Source" value={source} onChange={(e) => setSource(e.target.value as 'series' | 'table')}>
          <option value="series">workspace readings (failure within horizon)</option>
          <option value="table">training table</option>
        </select>
      </label>
      <label>
        Name <input aria-label="Model name" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      {source === 'series' ? (
        <>
          <label>
            Predict
            <select aria-label="Predict" value={target} onChange={(e) => setTarget(e.target.value as 'failure' | 'rul')}>
              <option value="failure">failure within the horizon</option>
              <option value="rul">remaining useful life (capped at the horizon)</option>
            </select>
          </label>
          <label>
            Horizon (min) <input aria-label="Horizon (min)" value={horizon} onChange={(e) => setHorizon(e.target.value)} />
          </label>
          <label>
            Window (s) <input aria-label="Train window (s)" size={5} value={windowS} onChange={(e) => setWindowS(e.target.value)} />
          </label>
          <label>
            Hop (s) <input aria-label="Hop (s)" size={5} placeholder="= window" value={hopS} onChange={(e) => setHopS(e.target.value)} />
          </label>
          <label>
            From <input aria-label="Train from" placeholder="ISO time (all data)" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            To <input aria-label="Train to" placeholder="ISO time" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
        </>
      ) : (
        <>
          <label>
            Table <input aria-label="Table" value={table} onChange={(e) => setTable(e.target.value)} />
          </label>
          <label>
            Label <input aria-label="Label" value={label} onChange={(e) => setLabel(e.target.value)} />
          </label>
          <label>
            Drop columns <input aria-label="Drop columns" placeholder="id, leaky, …" value={drop} onChange={(e) => setDrop(e.target.value)} />
          </label>
          <label>
            Derived features
            <textarea aria-label="Derived features" rows={2} cols={40} placeholder={'power="Torque [Nm]" * "Rotational speed [rpm]"'} value={derive} onChange={(e) => setDerive(e.target.value)} />
          </label>
        </>
      )}
      <label>
        Trees <input aria-label="Trees" value={trees} onChange={(e) => setTrees(e.target.value)} />
      </label>
      <label>
        Threshold for{' '}
        <select aria-label="Threshold metric" value={thresholdMetric} onChange={(e) => setThresholdMetric(e.target.value as ThresholdMetric)}>
          <option value="f1">F1 (balanced)</option>
          <option value="f2">F2 (catch more failures)</option>
          <option value="f0.5">F0.5 (fewer false alarms)</option>
          <option value="mcc">Matthews correlation</option>
          <option value="recall@p80">Recall at precision ≥ 0.8</option>
        </select>
      </label>
      <button type="submit" disabled={running}>
        Train
      </button>
      {running && (
        <>
          <span data-testid="train-progress">{progress ? `${progress.treesDone} / ${progress.trees} trees` : 'reading data…'}</span>
          <button type="button" onClick={() => void lab.trainCancel({})}>
            Cancel
          </button>
        </>
      )}
      {problem && (
        <span className="field-error" role="status">
          {problem}
        </span>
      )}
    </form>
  );
}

/** The series part of a train request, or what is wrong with the form's values. */
export function seriesRequest(f: { minutes: number; windowS: string; hopS: string; from: string; to: string }): string | { horizonMs: number; windowMs: number; hopMs?: number; from?: number; to?: number } {
  if (!(f.minutes >= 1)) return 'horizon: at least 1 minute';
  const windowMs = Number(f.windowS) * 1000;
  if (!Number.isInteger(windowMs) || windowMs < 1000 || windowMs > 86_400_000) return 'window: 1 s to 1 day';
  const hopMs = f.hopS.trim() === '' ? undefined : Number(f.hopS) * 1000;
  const hop = hopMs === undefined ? null : Number.isInteger(hopMs) && hopMs >= 1000 ? hopProblem(windowMs, hopMs) : 'the hop must be at least 1 s';
  if (hop) return `hop: ${hop}`;
  const time = (text: string) => (text.trim() === '' ? undefined : Date.parse(text.trim()));
  const [start, end] = [time(f.from), time(f.to)];
  if (Number.isNaN(start) || Number.isNaN(end)) return 'from/to: an ISO time such as 2026-03-01T06:00:00Z';
  if (start !== undefined && end !== undefined && !(start < end)) return 'from must be before to';
  return { horizonMs: f.minutes * 60_000, windowMs, ...(hopMs !== undefined ? { hopMs } : {}), ...(start !== undefined ? { from: start } : {}), ...(end !== undefined ? { to: end } : {}) };
}

/** Non-empty trimmed items of a comma- or line-separated list. */
function splitList(text: string, separator: string): string[] {
  return text
    .split(separator)
    .map((x) => x.trim())
    .filter((x) => x !== '');
}
