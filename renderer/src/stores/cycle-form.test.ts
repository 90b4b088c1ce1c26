import { describe, expect, it } from 'vitest';
import { DEFAULT_CYCLE_FORM, DETECT_LIMIT, validateCycleForm } from './cycle-form';

const form = { ...DEFAULT_CYCLE_FORM, machine: 'P-001', sensor: 'voltage' };

describe('validateCycleForm', () => {
  it('turns an auto-mode form into a request with the defaults left to the engine', () => {
    expect(validateCycleForm(form)).toEqual({ errors: {}, request: { machine: 'P-001', sensor: 'voltage', save: false, limit: DETECT_LIMIT } });
  });

  it('converts a fixed-mode form: threshold, spans in ms, ISO range', () => {
    const { request } = validateCycleForm(
      { ...form, mode: 'fixed', threshold: '2.5', minGap: '1.5', minDuration: '0', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' },
      true,
    );
    expect(request).toEqual({
      machine: 'P-001',
      sensor: 'voltage',
      save: true,
      limit: DETECT_LIMIT,
      threshold: 2.5,
      minGapMs: 1500,
      minDurationMs: 0,
      from: Date.UTC(2026, 0, 1),
      to: Date.UTC(2026, 0, 2),
    });
  });

  it('reports every bad field inline and makes no request', () => {
    const { errors, request } = validateCycleForm({ ...DEFAULT_CYCLE_FORM, mode: 'fixed', threshold: 'high', minGap: '-1', minDuration: '1e9', from: 'yesterday' });
    expect(request).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['from', 'machine', 'minDuration', 'minGap', 'sensor', 'threshold']);
    expect(validateCycleForm({ ...form, from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }).errors.to).toBe('“to” must be after “from”');
    // The threshold only matters in fixed mode.
    expect(validateCycleForm({ ...form, threshold: 'ignored' }).request).not.toBeNull();
  });
});
