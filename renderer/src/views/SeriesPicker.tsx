import { useLab } from '../api/context';
import { useApp } from '../stores/app';
import { useLive } from '../stores/live';

/** Grid contents: which machines × sensors of the running simulation are charted live. */
export function SeriesPicker() {
  const lab = useLab();
  const fail = useApp((s) => s.fail);
  const { status, machines, sensors, select } = useLive();
  if (!status || status.machineNames.length === 0) return null;
  const apply = (nextMachines: string[], nextSensors: string[]) => {
    select(nextMachines, nextSensors);
    lab.liveSubscribe({ series: nextMachines.flatMap((machine) => nextSensors.map((sensor) => ({ machine, sensor }))) }).catch(fail);
  };
  const toggle = (list: string[], item: string, order: string[]) =>
    list.includes(item) ? list.filter((x) => x !== item) : order.filter((x) => x === item || list.includes(x));
  return (
    <div className="series-picker">
      <fieldset className="sensor-picker">
        <legend>Machines</legend>
        {status.machineNames.slice(0, 50).map((m) => (
          <label key={m}>
            <input type="checkbox" checked={machines.includes(m)} onChange={() => apply(toggle(machines, m, status.machineNames), sensors)} />
            {m}
          </label>
        ))}
      </fieldset>
      <fieldset className="sensor-picker">
        <legend>Sensors</legend>
        {status.sensors.map((s) => (
          <label key={s}>
            <input type="checkbox" checked={sensors.includes(s)} onChange={() => apply(machines, toggle(sensors, s, status.sensors))} />
            {s}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
