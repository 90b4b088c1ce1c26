import { create } from 'zustand';
import type { CycleProgress, CyclesDetectResponse, LiveCycleFrame } from '../../../core/api/contract';
import type { LiveCycleEvent } from '../../../core/cycles';
import { DEFAULT_CYCLE_FORM, type CycleForm, type CycleFormErrors } from './cycle-form';
import type { Range } from './explore';

/** Live cycles kept for the list: the most recent ones (a long run closes many thousands). */
export const LIVE_KEEP = 500;

export type SortKey = 'index' | 'start' | 'duration_s' | 'idle_before_s' | 'period_s' | 'samples' | 'baseline' | 'max_point' | 'min' | 'mean' | 'median' | 'root_mean_squared' | 'std' | 'area_above_baseline' | 'rise_time_s' | 'fall_time_s' | 'overshoot_pct' | 'time_above_threshold_s';

interface CyclesState {
  form: CycleForm;
  errors: CycleFormErrors;
  running: boolean;
  progress: CycleProgress | null;
  result: CyclesDetectResponse | null;
  /** Positions (in `result.cycles`) of the cycles the summary flags as abnormal. */
  abnormal: ReadonlySet<number>;
  sort: { key: SortKey; descending: boolean };
  page: number;
  /** The signal's visible range; null = the result's whole span. */
  view: Range | null;
  live: LiveCycleEvent[];
  liveTotal: number;
  liveDropped: number;
  setForm(patch: Partial<CycleForm>): void;
  setErrors(errors: CycleFormErrors): void;
  setRunning(running: boolean): void;
  setProgress(progress: CycleProgress | null): void;
  setResult(result: CyclesDetectResponse | null): void;
  sortBy(key: SortKey): void;
  setPage(page: number): void;
  setView(view: Range | null): void;
  receiveLive(frame: LiveCycleFrame): void;
}

export const useCycles = create<CyclesState>((set, get) => ({
  form: DEFAULT_CYCLE_FORM,
  errors: {},
  running: false,
  progress: null,
  result: null,
  abnormal: new Set(),
  sort: { key: 'index', descending: false },
  page: 0,
  view: null,
  live: [],
  liveTotal: 0,
  liveDropped: 0,
  setForm: (patch) => set({ form: { ...get().form, ...patch } }),
  setErrors: (errors) => set({ errors }),
  setRunning: (running) => set({ running }),
  setProgress: (progress) => set({ progress }),
  setResult: (result) => set({ result, abnormal: new Set(result?.summary.abnormal.map((a) => a.index)), page: 0, view: null }),
  sortBy: (key) => {
    const { sort } = get();
    set({ sort: { key, descending: sort.key === key ? !sort.descending : key !== 'index' && key !== 'start' }, page: 0 });
  },
  setPage: (page) => set({ page }),
  setView: (view) => set({ view }),
  receiveLive: (frame) => {
    const { live, liveTotal, liveDropped } = get();
    const next = [...frame.cycles.slice(-LIVE_KEEP).reverse(), ...live].slice(0, LIVE_KEEP);
    set({ live: next, liveTotal: liveTotal + frame.cycles.length + frame.dropped, liveDropped: liveDropped + frame.dropped });
  },
}));
