import { create } from 'zustand';
import type { SqlResult, WindowAgg, WindowsResponse } from '../../../core/api/files-contract';

export interface WindowsForm {
  every: string;
  hop: string;
  aggs: WindowAgg[];
  machine: string;
  sensor: string;
  /** datetime-local text (UTC); empty = open end. */
  from: string;
  to: string;
}

/** Request fields of `windows`/`exportWindows` from the form; empty fields are left out. */
export function windowsRequest(form: WindowsForm) {
  const at = (text: string) => (text ? Date.parse(text.endsWith('Z') ? text : `${text}Z`) : NaN);
  const from = at(form.from);
  const to = at(form.to);
  return {
    every: form.every.trim(),
    ...(form.hop.trim() ? { hop: form.hop.trim() } : {}),
    aggs: form.aggs,
    ...(form.machine ? { machine: form.machine } : {}),
    ...(form.sensor ? { sensor: form.sensor } : {}),
    ...(Number.isFinite(from) ? { from } : {}),
    ...(Number.isFinite(to) ? { to } : {}),
  };
}

interface AnalysisState {
  windowsForm: WindowsForm;
  windows: WindowsResponse | null;
  sqlText: string;
  sql: SqlResult | null;
  setWindowsForm(patch: Partial<WindowsForm>): void;
  setWindows(result: WindowsResponse | null): void;
  setSqlText(text: string): void;
  setSql(result: SqlResult | null): void;
}

/** Windows and SQL results survive switching tabs. */
export const useAnalysis = create<AnalysisState>((set) => ({
  windowsForm: { every: '1m', hop: '', aggs: ['avg', 'min', 'max', 'count'], machine: '', sensor: '', from: '', to: '' },
  windows: null,
  sqlText: 'SELECT m.name AS machine, s.name AS sensor, count(*) AS n, avg(r.value) AS mean\nFROM readings r JOIN machines m ON m.id = r.machine JOIN sensors s ON s.id = r.sensor\nGROUP BY ALL ORDER BY n DESC',
  sql: null,
  setWindowsForm: (patch) => set((s) => ({ windowsForm: { ...s.windowsForm, ...patch } })),
  setWindows: (windows) => set({ windows }),
  setSqlText: (sqlText) => set({ sqlText }),
  setSql: (sql) => set({ sql }),
}));
