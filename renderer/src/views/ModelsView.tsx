import { useCallback, useEffect, useState } from 'react';
import type { LiveAlert, ModelSummary } from '../../../core/api/model-contract';
import type { ClassificationMetrics } from '../../../core/ml/metrics';
import { useLab } from '../api/context';
import { useApp } from '../stores/app';
import { AnnotationsPanel } from './AnnotationsPanel';
import { ModelCurves } from './ModelCurves';
import { ModelRetrain } from './ModelRetrain';
import { ModelTrain } from './ModelTrain';

const MAX_ALERTS = 200;
const fmt = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '–');
const heldOut = (m: ModelSummary) => (m.metrics.heldOut ?? {}) as Partial<ClassificationMetrics> & Record<string, unknown>;
const METRICS = ['f1', 'precision', 'recall', 'rocAuc', 'prAuc', 'accuracy', 'mae', 'rmse', 'r2'];

/**
 * The model registry (compare, promote), the train form, the chosen model's confusion matrix and
 * feature importance, and the alerts of live scoring (stored ones, then each pushed `alert`).
 */
export function ModelsView() {
  const lab = useLab();
  const fail = useApp((s) => s.fail);
  const [models, setModels] = useState<ModelSummary[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  const [alerts, setAlerts] = useState<LiveAlert[]>([]);

  const refresh = useCallback(() => lab.modelsList({}).then((r) => setModels(r.models), fail), [lab, fail]);
  useEffect(() => {
    void refresh();
    lab.alertsList({ limit: MAX_ALERTS }).then((r) => setAlerts(r.alerts), fail);
    return lab.on('alert', (a) => setAlerts((list) => [a, ...list].slice(0, MAX_ALERTS)));
  }, [lab, refresh, fail]);

  const onRetrainRun = useCallback(() => void refresh(), [refresh]);
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  const promote = (id: string) => lab.modelPromote({ model: id }).then(refresh, fail);
  const compared = models.filter((m) => picked.includes(m.id));
  const detail = compared.at(-1);

  return (
    <section className="models">
      <ModelTrain onTrained={() => void refresh()} />
      <ModelRetrain onRun={onRetrainRun} />
      <table data-testid="model-registry">
        <thead>
          <tr>
            <th>compare</th>
            <th>model</th>
            <th>algorithm</th>
            <th>task</th>
            <th>F1 / R²</th>
            <th>ROC-AUC</th>
            <th>created</th>
            <th>live</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.id} data-live={m.live || undefined}>
              <td>
                <input type="checkbox" aria-label={`Compare ${m.id}`} checked={picked.includes(m.id)} onChange={() => toggle(m.id)} />
              </td>
              <td>{m.id}</td>
              <td>{m.algorithm}</td>
              <td>{m.task}</td>
              <td>{fmt(heldOut(m).f1 ?? heldOut(m).r2)}</td>
              <td>{fmt(heldOut(m).rocAuc)}</td>
              <td>{m.createdAt.slice(0, 19).replace('T', ' ')}</td>
              <td>{m.live ? <span className="badge">live</span> : <button onClick={() => void promote(m.id)}>Promote {m.id}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {compared.length > 0 && (
        <table data-testid="model-compare">
          <thead>
            <tr>
              <th>held-out</th>
              {compared.map((m) => (
                <th key={m.id}>{m.id}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {METRICS.filter((k) => compared.some((m) => typeof heldOut(m)[k] === 'number')).map((k) => (
              <tr key={k}>
                <td>{k}</td>
                {compared.map((m) => (
                  <td key={m.id}>{fmt(heldOut(m)[k])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {detail && <ModelDetail model={detail} />}
      <AnnotationsPanel />
      <h3>Alerts</h3>
      <table data-testid="alerts">
        <thead>
          <tr>
            <th>time</th>
            <th>kind</th>
            <th>machine</th>
            <th>sensor</th>
            <th>score</th>
            <th>threshold</th>
            <th>source</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a, i) => (
            <tr key={`${a.kind}/${a.machine}/${a.sensor ?? ''}/${a.ts}/${i}`}>
              <td>{new Date(a.ts).toISOString().slice(0, 19).replace('T', ' ')}</td>
              <td>{a.kind}</td>
              <td>{a.machine}</td>
              <td>{a.sensor ?? ''}</td>
              <td>{fmt(a.score)}</td>
              <td>{fmt(a.threshold)}</td>
              <td>{a.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ModelDetail({ model }: { model: ModelSummary }) {
  const confusion = heldOut(model).confusion;
  const importance = ((model.metrics.importance ?? []) as { feature: string; importance: number }[]).slice(0, 10);
  const top = importance[0]?.importance || 1;
  return (
    <div data-testid="model-detail">
      <h3>{model.id}</h3>
      {confusion && (
        <table aria-label="Confusion matrix">
          <thead>
            <tr>
              <th />
              <th>predicted 0</th>
              <th>predicted 1</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th>actual 0</th>
              <td>{confusion[0][0]}</td>
              <td>{confusion[0][1]}</td>
            </tr>
            <tr>
              <th>actual 1</th>
              <td>{confusion[1][0]}</td>
              <td>{confusion[1][1]}</td>
            </tr>
          </tbody>
        </table>
      )}
      {heldOut(model).curves && <ModelCurves curves={heldOut(model).curves!} rocAuc={heldOut(model).rocAuc} prAuc={heldOut(model).prAuc} />}
      <ol aria-label="Feature importance">
        {importance.map((f) => (
          <li key={f.feature}>
            {f.feature} <meter min={0} max={1} value={f.importance / top} /> {f.importance.toFixed(3)}
          </li>
        ))}
      </ol>
    </div>
  );
}
