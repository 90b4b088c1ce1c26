import type { ImportPreview } from '../../../core/api/files-contract';
import type { MappingErrors, MappingForm } from '../stores/import-form';

interface Props {
  preview: ImportPreview;
  form: MappingForm;
  errors: MappingErrors;
  onChange(patch: Partial<MappingForm>): void;
}

/** Which columns are the timestamp, machine and sensor values; every field validated inline. */
export function ImportMapping({ preview, form, errors, onChange }: Props) {
  const columns = preview.columns.map((c) => c.name);
  const select = (label: string, value: string, set: (v: string) => void, invalid: boolean) => (
    <select aria-label={label} value={value} className={invalid ? 'invalid' : undefined} onChange={(e) => set(e.target.value)}>
      <option value="">—</option>
      {columns.map((c) => (
        <option key={c} value={c}>
          {c}
        </option>
      ))}
    </select>
  );
  const toggleSensor = (column: string, on: boolean) => onChange({ sensors: on ? [...form.sensors, column] : form.sensors.filter((s) => s !== column) });
  return (
    <fieldset className="import-mapping" aria-label="Mapping">
      <legend>Mapping</legend>
      <label>
        Timestamp column {select('Timestamp column', form.timestamp, (timestamp) => onChange({ timestamp }), !!errors.timestamp)}
      </label>
      {errors.timestamp && <span className="field-error">{errors.timestamp}</span>}
      <label>
        Time format{' '}
        <input aria-label="Time format" value={form.timeFormat} className={errors.timeFormat ? 'invalid' : undefined} onChange={(e) => onChange({ timeFormat: e.target.value })} />
      </label>
      {errors.timeFormat && <span className="field-error">{errors.timeFormat}</span>}
      <div role="radiogroup" aria-label="Machine">
        <label>
          <input type="radio" aria-label="Machine from a column" checked={form.machineMode === 'column'} onChange={() => onChange({ machineMode: 'column' })} /> Machine column{' '}
          {select('Machine column', form.machineColumn, (machineColumn) => onChange({ machineColumn, machineMode: 'column' }), form.machineMode === 'column' && !!errors.machine)}
        </label>
        <label>
          <input type="radio" aria-label="One machine for the whole file" checked={form.machineMode === 'name'} onChange={() => onChange({ machineMode: 'name' })} /> One machine named{' '}
          <input aria-label="Machine name" value={form.machineName} onChange={(e) => onChange({ machineName: e.target.value, machineMode: 'name' })} />
        </label>
      </div>
      {errors.machine && <span className="field-error">{errors.machine}</span>}
      <div role="radiogroup" aria-label="Layout">
        <label>
          <input type="radio" checked={form.layout === 'wide'} onChange={() => onChange({ layout: 'wide' })} /> Wide (one column per sensor)
        </label>
        <label>
          <input type="radio" checked={form.layout === 'long'} onChange={() => onChange({ layout: 'long' })} /> Long (sensor-name and value columns)
        </label>
      </div>
      {form.layout === 'wide' ? (
        <table className="sensor-columns">
          <thead>
            <tr>
              <th>Sensor column</th>
              <th>Unit</th>
            </tr>
          </thead>
          <tbody>
            {columns
              .filter((c) => c !== form.timestamp && !(form.machineMode === 'column' && c === form.machineColumn))
              .map((c) => (
                <tr key={c}>
                  <td>
                    <label>
                      <input type="checkbox" aria-label={`Sensor ${c}`} checked={form.sensors.includes(c)} onChange={(e) => toggleSensor(c, e.target.checked)} /> {c}
                    </label>
                  </td>
                  <td>
                    <input aria-label={`Unit of ${c}`} size={6} value={form.units[c] ?? ''} disabled={!form.sensors.includes(c)} onChange={(e) => onChange({ units: { ...form.units, [c]: e.target.value } })} />
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      ) : (
        <div>
          <label>Sensor-name column {select('Sensor-name column', form.sensorColumn, (sensorColumn) => onChange({ sensorColumn }), !!errors.values)}</label>{' '}
          <label>Value column {select('Value column', form.valueColumn, (valueColumn) => onChange({ valueColumn }), !!errors.values)}</label>
        </div>
      )}
      {errors.values && <span className="field-error">{errors.values}</span>}
    </fieldset>
  );
}
