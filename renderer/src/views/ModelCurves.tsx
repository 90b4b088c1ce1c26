import type uPlot from 'uplot';
import type { Curves } from '../../../core/ml/metrics';
import { accent } from '../charts/theme';
import { PlotChart } from '../charts/PlotChart';

/** A model's held-out ROC and precision–recall curves (points kept with its metrics at training). */
export function ModelCurves({ curves, rocAuc, prAuc }: { curves: Curves; rocAuc?: number; prAuc?: number }) {
  const chart = (points: [number, number][], testId: string, x: string, y: string) => {
    const data: uPlot.AlignedData = [points.map((p) => p[0]), points.map((p) => p[1])];
    return (
      <PlotChart
        testId={testId}
        items={points.length}
        shape={testId}
        height={200}
        data={data}
        options={(el) => ({
          scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
          axes: [{ label: x }, { label: y }],
          legend: { show: false },
          series: [{}, { stroke: accent(el), width: 2, points: { show: false } }],
        })}
      />
    );
  };
  return (
    <div className="model-curves">
      <figure>
        <figcaption>ROC{rocAuc === undefined ? '' : ` · AUC ${rocAuc.toFixed(3)}`}</figcaption>
        {chart(curves.roc, 'roc-curve', 'false-positive rate', 'true-positive rate')}
      </figure>
      <figure>
        <figcaption>Precision–recall{prAuc === undefined ? '' : ` · AP ${prAuc.toFixed(3)}`}</figcaption>
        {chart(curves.pr, 'pr-curve', 'recall', 'precision')}
      </figure>
    </div>
  );
}
