import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM, validateSimForm } from './sim-form';

describe('validateSimForm', () => {
  it('turns a valid form into a request', () => {
    expect(validateSimForm(DEFAULT_FORM)).toEqual({ errors: {}, request: { profile: 'servo', machines: 4, seed: 42, speed: 1, faults: 'none' } });
  });

  it('reports every bad field inline and makes no request', () => {
    const { errors, request } = validateSimForm({ profile: 'toaster', machines: '0', seed: '-1', speed: 'fast', faults: 'DROP TABLE' });
    expect(request).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['faults', 'machines', 'profile', 'seed', 'speed']);
    expect(validateSimForm({ ...DEFAULT_FORM, machines: '501' }).errors.machines).toBe('a whole number from 1 to 500');
    expect(validateSimForm({ ...DEFAULT_FORM, machines: '2.5' }).errors.machines).toBeDefined();
  });
});
