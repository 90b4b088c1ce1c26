import { useEffect, useState } from 'react';
import type { ThresholdMetric } from '../../../core/ml/metrics';
import type { TrainProgressEvent, TrainStartResponse } from '../../../core/api/model-contract';
import { useLab } from '../api/context';

/**
 * The train form: a series (failure) model from the workspace's readings, or a table model from
 * an imported training table. Inputs are checked before the call; trees grown show as progress,
 * and Cancel stops the run (the engine records it as failed, no model).
 */
export function ModelTrain({ onTrained }: { onTrained: (r: TrainStartResponse) => void }) {
  const lab = useLab();
  const [source, setSource] = useState<'series' | 'table'>('series');
  const [name, setName] = useState('failure');
  const [horizon, setHorizon] = useState('10');
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
    if (source === 'series' && !(minutes >= 1)) return setProblem('horizon: at least 1 minute');
    if (source === 'table' && (!table || !label)) return setProblem('a table model needs the table and its label column');
    setProblem(null);
    setProgress(null);
    setRunning(true);
    try {
      const common = { name, source, trees: treeCount, thresholdMetric };
      const lists = { drop: splitList(drop, ','), derive: splitList(derive, '\n') };
      const request = source === 'series' ? { ...common, horizonMs: minutes * 60_000 } : { ...common, table, label, ...lists };
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
        <label>
          Horizon (min) <input aria-label="Horizon (min)" value={horizon} onChange={(e) => setHorizon(e.target.value)} />
        </label>
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

/** Non-empty trimmed items of a comma- or line-separated list. */
function splitList(text: string, separator: string): string[] {
  return text
    .split(separator)
    .map((x) => x.trim())
    .filter((x) => x !== '');
}
