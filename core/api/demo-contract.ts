import type { DemoLesson } from '../demos/run';

export type { DemoLesson } from '../demos/run';

export interface DemoSummary extends Omit<DemoLesson, 'steps'> {
  steps: number;
}

export interface DemoOpened {
  id: string;
  title: string;
  /** The demo's own new workspace. */
  db: string;
  /** True when this app switches to it by itself (the page reloads onto it); false: open it yourself. */
  switching: boolean;
}

/** Which step of a demo is running (demoOpen takes a few seconds). */
export interface DemoProgress {
  id: string;
  step: number;
  of: number;
  say: string;
}

export interface DemoResponses {
  demosList: { demos: DemoSummary[] };
  demoOpen: DemoOpened;
}
