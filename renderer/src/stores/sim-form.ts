import type { LabRequest } from '../../../core/api/schemas';

export const PROFILES = ['servo', 'fleet', 'motor', 'press'] as const;

/** The simulator form as typed by the user: strings until validated. */
export interface SimForm {
  profile: string;
  machines: string;
  seed: string;
  speed: string;
  faults: string;
}

export const DEFAULT_FORM: SimForm = { profile: 'servo', machines: '4', seed: '42', speed: '1', faults: 'none' };

export type FormErrors = Partial<Record<keyof SimForm, string>>;

/** Inline validation; the engine validates again at its boundary. */
export function validateSimForm(form: SimForm): { errors: FormErrors; request: LabRequest<'simulationStart'> | null } {
  const errors: FormErrors = {};
  if (!PROFILES.includes(form.profile as (typeof PROFILES)[number])) errors.profile = 'choose a profile';
  const machines = Number(form.machines);
  if (!/^\d+$/.test(form.machines.trim()) || machines < 1 || machines > 500) errors.machines = 'a whole number from 1 to 500';
  const seed = Number(form.seed);
  if (!/^\d+$/.test(form.seed.trim()) || seed > 2 ** 32 - 1) errors.seed = 'a whole number ≥ 0';
  const speed = Number(form.speed);
  if (form.speed.trim() === '' || !Number.isFinite(speed) || speed < 0.1 || speed > 1000) errors.speed = 'between 0.1 and 1000';
  if (!/^[a-z_,\s]*$/.test(form.faults) || form.faults.trim() === '') errors.faults = 'none, all, or a list like spike,stuck';
  if (Object.keys(errors).length) return { errors, request: null };
  return {
    errors,
    request: { profile: form.profile as (typeof PROFILES)[number], machines, seed, speed, faults: form.faults.trim() },
  };
}
