import { create } from 'zustand';
import type { LabStatus, LiveFrame } from '../../../core/api/contract';
import { SeriesRing } from './ring';
import { DEFAULT_FORM, type FormErrors, type SimForm } from './sim-form';

export const WINDOWS = [
  { label: '1 min', ms: 60_000 },
  { label: '10 min', ms: 600_000 },
  { label: '1 h', ms: 3_600_000 },
] as const;

/** Points kept per live series: enough for an hour at 10 Hz after decimation. */
export const RING_CAPACITY = 20_000;

export const seriesKey = (machine: string, sensor: string) => `${machine}\u0000${sensor}`;

interface LiveState {
  form: SimForm;
  errors: FormErrors;
  status: LabStatus | null;
  machines: string[];
  sensors: string[];
  windowMs: number;
  paused: boolean;
  /** Bumped whenever rings change, so charts know to redraw. */
  revision: number;
  rings: Map<string, SeriesRing>;
  setForm(patch: Partial<SimForm>): void;
  setErrors(errors: FormErrors): void;
  setStatus(status: LabStatus): void;
  select(machines: string[], sensors: string[]): void;
  setWindow(ms: number): void;
  togglePaused(): void;
  receive(frame: LiveFrame): void;
  clear(): void;
}

export const useLive = create<LiveState>((set, get) => ({
  form: DEFAULT_FORM,
  errors: {},
  status: null,
  machines: [],
  sensors: [],
  windowMs: WINDOWS[0].ms,
  paused: false,
  revision: 0,
  rings: new Map(),
  setForm: (patch) => set({ form: { ...get().form, ...patch } }),
  setErrors: (errors) => set({ errors }),
  setStatus: (status) => set({ status }),
  select: (machines, sensors) => {
    const rings = new Map<string, SeriesRing>();
    for (const m of machines) for (const s of sensors) rings.set(seriesKey(m, s), get().rings.get(seriesKey(m, s)) ?? new SeriesRing(RING_CAPACITY));
    set({ machines, sensors, rings, revision: get().revision + 1 });
  },
  setWindow: (windowMs) => set({ windowMs }),
  togglePaused: () => set({ paused: !get().paused }),
  receive: (frame) => {
    const rings = get().rings;
    for (const s of frame.series) rings.get(seriesKey(s.machine, s.sensor))?.push(s.ts, s.values);
    set({ revision: get().revision + 1 });
  },
  clear: () => {
    for (const ring of get().rings.values()) ring.clear();
    set({ revision: get().revision + 1 });
  },
}));
