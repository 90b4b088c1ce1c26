import { create } from 'zustand';
import type { WorkspaceInfo } from '../../../core/api/contract';

export type View =
  | 'live'
  | 'explore'
  | 'cycles'
  | 'import'
  | 'windows'
  | 'sql'
  | 'models'
  | 'sources'
  | 'logs';

interface AppState {
  view: View;
  info: WorkspaceInfo | null;
  error: string | null;
  setView(view: View): void;
  setInfo(info: WorkspaceInfo): void;
  fail(error: unknown): void;
  dismissError(): void;
}

export const useApp = create<AppState>((set) => ({
  view: 'live',
  info: null,
  error: null,
  setView: (view) => set({ view }),
  setInfo: (info) => set({ info }),
  fail: (error) => set({ error: error instanceof Error ? error.message : String(error) }),
  dismissError: () => set({ error: null }),
}));
