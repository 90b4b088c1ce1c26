import type { LabRequest } from '../../../core/api/schemas';

/** The cycle-detection form as typed by the user: strings until validated (spans in seconds). */
export interface CycleForm {
  machine: string;
  sensor: string;
  /** ISO-8601 (UTC); empty = the whole series. */
  from: string;
  to: string;
  mode: 'auto' | 'fixed';
  threshold: string;
  /** Seconds; empty = the detector's default for the mode. */
  minGap: string;
  minDuration: string;
}

export const DEFAULT_CYCLE_FORM: CycleForm = { machine: '', sensor: '', from: '', to: '', mode: 'auto', threshold: '', minGap: '', minDuration: '' };

export type CycleFormErrors = Partial<Record<keyof CycleForm, string>>;

/** The engine's bound on spans (366 days), in seconds. */
const MAX_SPAN_S = 366 * 86_400;
/** Cycles a detection returns to the UI (all are summarised and saved): the schema's maximum. */
export const DETECT_LIMIT = 20_000;

/** Inline validation; the engine validates again at its boundary. */
export function validateCycleForm(form: CycleForm, save = false): { errors: CycleFormErrors; request: LabRequest<'cyclesDetect'> | null } {
  const errors: CycleFormErrors = {};
  if (!form.machine) errors.machine = 'choose a machine';
  if (!form.sensor) errors.sensor = 'choose a sensor';
  const time = (key: 'from' | 'to') => {
    const text = form[key].trim();
    if (text === '') return undefined;
    const ms = Date.parse(text);
    if (!Number.isFinite(ms) || ms < 0) errors[key] = 'an ISO-8601 time, or empty for all';
    return ms;
  };
  const from = time('from');
  const to = time('to');
  if (from !== undefined && to !== undefined && !errors.from && !errors.to && to <= from) errors.to = '“to” must be after “from”';
  let threshold: number | undefined;
  if (form.mode === 'fixed') {
    threshold = Number(form.threshold);
    if (form.threshold.trim() === '' || !Number.isFinite(threshold) || Math.abs(threshold) > 1e12) errors.threshold = 'a number (the level a cycle runs above)';
  }
  const span = (key: 'minGap' | 'minDuration') => {
    const text = form[key].trim();
    if (text === '') return undefined;
    const s = Number(text);
    if (!Number.isFinite(s) || s < 0 || s > MAX_SPAN_S) errors[key] = 'seconds, 0 to 366 days';
    return Math.round(s * 1000);
  };
  const minGapMs = span('minGap');
  const minDurationMs = span('minDuration');
  if (Object.keys(errors).length) return { errors, request: null };
  const request: LabRequest<'cyclesDetect'> = { machine: form.machine, sensor: form.sensor, save, limit: DETECT_LIMIT };
  if (from !== undefined) request.from = from;
  if (to !== undefined) request.to = to;
  if (threshold !== undefined) request.threshold = threshold;
  if (minGapMs !== undefined) request.minGapMs = minGapMs;
  if (minDurationMs !== undefined) request.minDurationMs = minDurationMs;
  return { errors, request };
}
