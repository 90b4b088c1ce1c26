import { useCallback, useEffect, useState } from 'react';
import type { Annotation } from '../../../core/api/model-contract';
import { useLab } from '../api/context';
import { useApp } from '../stores/app';

/** One empty list for every render: a new [] each time would make the store selector loop. */
const NO_MACHINES: string[] = [];
const iso = (t: number | null) => (t === null ? '' : new Date(t).toISOString().slice(0, 19).replace('T', ' '));
/** A `datetime-local` value, read as UTC (the workspace's times are UTC). */
const parseUtc = (text: string) => (text ? Date.parse(`${text}Z`) : NaN);

/**
 * User annotations: what a person saw happen on a machine. One with a failure time labels series
 * training like the simulator's ground truth, so a maintenance log can train a model.
 */
export function AnnotationsPanel() {
  const lab = useLab();
  const fail = useApp((s) => s.fail);
  const machines = useApp((s) => s.info?.machines ?? NO_MACHINES);
  const [list, setList] = useState<Annotation[]>([]);
  const [machine, setMachine] = useState('');
  const [kind, setKind] = useState('failure');
  const [at, setAt] = useState('');
  const [isFailure, setIsFailure] = useState(true);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = useCallback(() => lab.annotationsList({}).then((r) => setList(r.annotations), fail), [lab, fail]);
  useEffect(() => void refresh(), [refresh]);

  const add = async () => {
    const chosen = machine || machines[0] || '';
    const time = parseUtc(at);
    if (!chosen) return setProblem('the workspace has no machines yet');
    if (!kind.trim()) return setProblem('say what happened (kind)');
    if (!Number.isFinite(time)) return setProblem('when: a date and time (UTC)');
    setProblem(null);
    try {
      await lab.annotationAdd({ machine: chosen, kind: kind.trim(), onset: time, failure: isFailure ? time : null, ...(note.trim() ? { note: note.trim() } : {}) });
      setNote('');
      await refresh();
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  const remove = (id: number) => lab.annotationRemove({ id }).then(refresh, fail);

  return (
    <div>
      <h3>Annotations</h3>
      <form className="export" aria-label="Annotate" onSubmit={(e) => (e.preventDefault(), void add())}>
        <label>
          Machine{' '}
          <select aria-label="Annotation machine" value={machine || machines[0] || ''} onChange={(e) => setMachine(e.target.value)}>
            {machines.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          What <input aria-label="Annotation kind" value={kind} onChange={(e) => setKind(e.target.value)} />
        </label>
        <label>
          When (UTC) <input aria-label="Annotation time" type="datetime-local" step={1} value={at} onChange={(e) => setAt(e.target.value)} />
        </label>
        <label>
          <input type="checkbox" aria-label="Is a failure" checked={isFailure} onChange={(e) => setIsFailure(e.target.checked)} /> a failure (labels training)
        </label>
        <label>
          Note <input aria-label="Annotation note" value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit">Annotate</button>
        {problem && (
          <span className="field-error" role="status">
            {problem}
          </span>
        )}
      </form>
      <table data-testid="annotations">
        <thead>
          <tr>
            <th>machine</th>
            <th>what</th>
            <th>when</th>
            <th>failure</th>
            <th>note</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((a) => (
            <tr key={a.id}>
              <td>{a.machine}</td>
              <td>{a.kind}</td>
              <td>{iso(a.onset)}</td>
              <td>{iso(a.failure)}</td>
              <td>{a.note ?? ''}</td>
              <td>
                <button onClick={() => void remove(a.id)}>Remove annotation {a.id}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
