import { create } from 'zustand';
import type { SeriesStats } from '../../../core/store/queries';

export interface Range {
  from: number;
  to: number;
}

interface ExploreState {
  machine: string | null;
  sensors: string[];
  /** The full extent of the selection (double-click resets to it) and the visible range. */
  extent: Range | null;
  range: Range | null;
  stats: SeriesStats[];
  setSelection(machine: string, sensors: string[]): void;
  setExtent(extent: Range | null): void;
  zoom(range: Range): void;
  reset(): void;
  /** Moves the view by a fraction of its width (negative = back in time). */
  pan(fraction: number): void;
  /** Scales the view around a point in time (factor < 1 zooms in). */
  scale(factor: number, at: number): void;
  setStats(stats: SeriesStats[]): void;
}

const MIN_SPAN_MS = 10;

export const useExplore = create<ExploreState>((set, get) => ({
  machine: null,
  sensors: [],
  extent: null,
  range: null,
  stats: [],
  setSelection: (machine, sensors) => set({ machine, sensors }),
  setExtent: (extent) => set({ extent, range: extent }),
  zoom: (range) => {
    if (range.to - range.from >= MIN_SPAN_MS) set({ range });
  },
  reset: () => set({ range: get().extent }),
  pan: (fraction) => {
    const r = get().range;
    if (!r) return;
    const shift = (r.to - r.from) * fraction;
    set({ range: { from: r.from + shift, to: r.to + shift } });
  },
  scale: (factor, at) => {
    const r = get().range;
    if (!r) return;
    const from = at - (at - r.from) * factor;
    const to = at + (r.to - at) * factor;
    if (to - from >= MIN_SPAN_MS) set({ range: { from, to } });
  },
  setStats: (stats) => set({ stats }),
}));
