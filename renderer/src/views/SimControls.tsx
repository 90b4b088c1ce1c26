import { useLab } from '../api/context';
import { useApp } from '../stores/app';
import { useLive } from '../stores/live';
import { PROFILES, validateSimForm, type SimForm } from '../stores/sim-form';

const FIELDS: { key: keyof SimForm; label: string }[] = [
  { key: 'machines', label: 'Machines' },
  { key: 'seed', label: 'Seed' },
  { key: 'speed', label: 'Speed ×' },
  { key: 'faults', label: 'Faults' },
];

/** Simulator parameters with inline validation, and start/stop. */
export function SimControls() {
  const lab = useLab();
  const { form, errors, status, setForm, setErrors, setStatus, select, clear } = useLive();
  const fail = useApp((s) => s.fail);
  const running = status?.running ?? false;

  const start = async () => {
    const { errors: found, request } = validateSimForm(form);
    setErrors(found);
    if (!request) return;
    try {
      clear();
      const status = await lab.simulationStart(request);
      setStatus(status);
      // The first machines and sensors of the run; the charts' pickers can change them.
      const machines = status.machineNames.slice(0, 4);
      const sensors = status.sensors.slice(0, 3);
      // Subscribe first: frames start flowing while the charts mount.
      const subscribed = lab.liveSubscribe({ series: machines.flatMap((machine) => sensors.map((sensor) => ({ machine, sensor }))) });
      select(machines, sensors);
      await subscribed;
    } catch (e) {
      fail(e);
    }
  };
  const stop = async () => {
    try {
      setStatus(await lab.simulationStop({}));
    } catch (e) {
      fail(e);
    }
  };

  return (
    <form
      className="sim-controls"
      onSubmit={(e) => {
        e.preventDefault();
        void (running ? stop() : start());
      }}
    >
      <label>
        Profile
        <select value={form.profile} onChange={(e) => setForm({ profile: e.target.value })} disabled={running} aria-label="Profile">
          {PROFILES.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </label>
      {FIELDS.map(({ key, label }) => (
        <label key={key} className={errors[key] ? 'invalid' : ''}>
          {label}
          <input
            aria-label={label}
            value={form[key]}
            disabled={running}
            aria-invalid={errors[key] ? true : undefined}
            onChange={(e) => {
              setForm({ [key]: e.target.value });
              if (errors[key]) setErrors({ ...errors, [key]: validateSimForm({ ...form, [key]: e.target.value }).errors[key] });
            }}
          />
          {errors[key] && <span className="field-error" role="alert">{errors[key]}</span>}
        </label>
      ))}
      <button type="submit" className={running ? 'stop' : 'start'}>
        {running ? 'Stop' : 'Start'}
      </button>
    </form>
  );
}
