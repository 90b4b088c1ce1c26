import { useEffect } from 'react';
import type { WorkspaceInfo } from '../../../core/api/contract';
import { useLab } from '../api/context';
import { LabCallError } from '../api/transport';
import { useApp } from '../stores/app';
import { validateCycleForm, type CycleForm } from '../stores/cycle-form';
import { useCycles } from '../stores/cycles';

const SPANS: { key: 'minGap' | 'minDuration'; label: string }[] = [
  { key: 'minGap', label: 'Min gap (s)' },
  { key: 'minDuration', label: 'Min duration (s)' },
];

/** Detection parameters with inline validation; Detect (with progress and cancel) and Save. */
export function CycleParams({ info }: { info: WorkspaceInfo }) {
  const lab = useLab();
  const fail = useApp((s) => s.fail);
  const { form, errors, running, progress, result, setForm, setErrors, setRunning, setProgress, setResult } = useCycles();

  useEffect(() => {
    if (!running) return;
    return lab.on('cycleProgress', setProgress);
  }, [lab, running, setProgress]);

  const run = async (save: boolean) => {
    const { errors: found, request } = validateCycleForm(form, save);
    setErrors(found);
    if (!request) return;
    setRunning(true);
    setProgress(null);
    try {
      setResult(await lab.cyclesDetect(request));
    } catch (e) {
      // Cancelling is the user's choice, not a failure to report.
      if (!(e instanceof LabCallError && e.code === 'cancelled')) fail(e);
    } finally {
      setRunning(false);
      setProgress(null);
    }
  };

  const field = (key: keyof CycleForm, label: string, input: React.ReactNode) => (
    <label key={key} className={errors[key] ? 'invalid' : ''}>
      {label}
      {input}
      {errors[key] && (
        <span className="field-error" role="alert">
          {errors[key]}
        </span>
      )}
    </label>
  );
  const text = (key: keyof CycleForm, label: string, placeholder = '') =>
    field(
      key,
      label,
      <input aria-label={label} value={form[key]} placeholder={placeholder} aria-invalid={errors[key] ? true : undefined} onChange={(e) => setForm({ [key]: e.target.value })} />,
    );
  const fixed = form.mode === 'fixed';

  return (
    <form className="cycle-params explore-toolbar" onSubmit={(e) => (e.preventDefault(), void run(false))}>
      {field(
        'machine',
        'Machine',
        <select aria-label="Machine" value={form.machine} onChange={(e) => setForm({ machine: e.target.value })}>
          {info.machines.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>,
      )}
      {field(
        'sensor',
        'Sensor',
        <select aria-label="Sensor" value={form.sensor} onChange={(e) => setForm({ sensor: e.target.value })}>
          {info.sensors.map((s) => (
            <option key={s.name}>{s.name}</option>
          ))}
        </select>,
      )}
      {text('from', 'From', 'all (ISO-8601)')}
      {text('to', 'To', 'all (ISO-8601)')}
      {field(
        'mode',
        'Mode',
        <select aria-label="Mode" value={form.mode} onChange={(e) => setForm({ mode: e.target.value === 'fixed' ? 'fixed' : 'auto' })}>
          <option value="auto">auto (levels from the data)</option>
          <option value="fixed">fixed threshold</option>
        </select>,
      )}
      {fixed && text('threshold', 'Threshold')}
      {SPANS.map((s) => text(s.key, s.label, fixed ? '0' : '1'))}
      <button type="submit" disabled={running}>
        Detect
      </button>
      <button type="button" disabled={running || !result} onClick={() => void run(true)} title="Detect again and store the cycles (replaces this detector's earlier rows in the range)">
        Save
      </button>
      {running && (
        <>
          <progress aria-label="Detection progress" max={1} value={progress?.fraction ?? 0} />
          <span className="muted" data-testid="cycle-progress">
            {progress ? `${Math.round(progress.fraction * 100)} % · ${progress.readings.toLocaleString()} readings` : 'starting…'}
          </span>
          <button type="button" onClick={() => void lab.cyclesCancel({}).catch(fail)}>
            Cancel
          </button>
        </>
      )}
      {result?.saved && (
        <span className="badge" data-testid="cycles-saved">
          saved {result.saved.inserted.toLocaleString()} cycles ({result.saved.replaced.toLocaleString()} replaced)
        </span>
      )}
    </form>
  );
}
