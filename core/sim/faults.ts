import { LabError } from '../model';

/** Faults of the machine itself: they develop from an onset until the machine fails. */
export const PHYSICAL_FAULTS = ['bearing_wear', 'overheating', 'imbalance', 'electrical'] as const;
/** Faults of the measurement chain: the machine is fine, its data is not. */
export const DATA_FAULTS = ['stuck', 'dropout', 'spike'] as const;
export const FAULT_KINDS = [...PHYSICAL_FAULTS, ...DATA_FAULTS] as const;

export type PhysicalFault = (typeof PHYSICAL_FAULTS)[number];
export type DataFault = (typeof DATA_FAULTS)[number];
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What the user asks for: `none`, `all`, a list, or a comma-separated list (CLI flag). */
export type FaultSelection = 'none' | 'all' | string | readonly string[];

/**
 * A physical fault shows up on these sensors, so it only applies to a profile that has them all:
 * there is no way to see bearing wear on a voltage-only press.
 */
export const FAULT_SENSORS: Readonly<Record<PhysicalFault, readonly string[]>> = {
  bearing_wear: ['vibration'],
  overheating: ['temperature'],
  imbalance: ['vibration', 'rpm'],
  electrical: ['voltage'],
};

/** How long a physical fault takes from onset to failure, [min, max] in ms. */
export const FAULT_DEVELOPMENT_MS: Readonly<Record<PhysicalFault, readonly [number, number]>> = {
  bearing_wear: [30 * 60_000, 90 * 60_000],
  overheating: [10 * 60_000, 30 * 60_000],
  imbalance: [20 * 60_000, 60 * 60_000],
  electrical: [5 * 60_000, 20 * 60_000],
};

/**
 * Mean waiting times (exponentially distributed, per machine). Defaults are chosen so a one-hour
 * demo of a few dozen machines shows several failures and a handful of data faults.
 */
export interface FaultTiming {
  /** Healthy time between one physical fault's failure (repair) and the next onset. */
  physicalGapMs: number;
  /** Time between stuck-sensor episodes. */
  stuckGapMs: number;
  /** Time between dropouts. */
  dropoutGapMs: number;
  /** Time between single-sample spikes. */
  spikeGapMs: number;
}

export const DEFAULT_FAULT_TIMING: Readonly<FaultTiming> = {
  physicalGapMs: 2 * 3_600_000,
  stuckGapMs: 3_600_000,
  dropoutGapMs: 3_600_000,
  spikeGapMs: 10 * 60_000,
};

/** Stuck episodes last [min, max] ms; dropouts likewise. */
export const STUCK_MS: readonly [number, number] = [30_000, 5 * 60_000];
export const DROPOUT_MS: readonly [number, number] = [10_000, 2 * 60_000];

/** The resolved selection for one profile. */
export interface ActiveFaults {
  physical: readonly PhysicalFault[];
  data: { stuck: boolean; dropout: boolean; spike: boolean };
}

const isPhysical = (k: string): k is PhysicalFault => (PHYSICAL_FAULTS as readonly string[]).includes(k);
const isKind = (k: string): k is FaultKind => (FAULT_KINDS as readonly string[]).includes(k);

function listOf(selection: FaultSelection): string[] {
  if (typeof selection === 'string') {
    return selection
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }
  if (Array.isArray(selection)) return selection.map((s) => String(s).trim());
  throw new LabError('usage', `invalid faults ${JSON.stringify(selection)} (use none, all or a list)`);
}

/**
 * Resolves a selection against a profile's sensors. `all` means every fault the profile can show;
 * naming a fault the profile cannot show is a usage error, because silently ignoring it would leave
 * the user wondering why no failures appear.
 */
export function resolveFaults(selection: FaultSelection, profile: string, sensorNames: readonly string[]): ActiveFaults {
  const names = listOf(selection);
  const applies = (k: PhysicalFault) => FAULT_SENSORS[k].every((s) => sensorNames.includes(s));
  let chosen: FaultKind[];
  if (names.length === 1 && names[0] === 'none') chosen = [];
  else if (names.length === 1 && names[0] === 'all') chosen = FAULT_KINDS.filter((k) => !isPhysical(k) || applies(k));
  else if (names.length === 0) throw new LabError('usage', 'empty faults list (use none, all or a list)');
  else {
    chosen = [];
    for (const name of names) {
      if (!isKind(name)) {
        throw new LabError('usage', `unknown fault "${name}" (known: none, all, ${FAULT_KINDS.join(', ')})`);
      }
      if (isPhysical(name) && !applies(name)) {
        const need = FAULT_SENSORS[name].join(' and ');
        throw new LabError('usage', `fault ${name} needs sensor ${need}, which profile ${profile} does not have`);
      }
      if (!chosen.includes(name)) chosen.push(name);
    }
  }
  return {
    physical: PHYSICAL_FAULTS.filter((k) => chosen.includes(k)),
    data: { stuck: chosen.includes('stuck'), dropout: chosen.includes('dropout'), spike: chosen.includes('spike') },
  };
}

/** Merges user overrides into the default timing, rejecting values that would stall or flood. */
export function resolveTiming(overrides: Partial<FaultTiming> | undefined): FaultTiming {
  const timing = { ...DEFAULT_FAULT_TIMING, ...overrides };
  for (const [key, value] of Object.entries(timing)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 1000) {
      throw new LabError('usage', `invalid fault timing ${key}=${String(value)} (use a number of ms >= 1000)`);
    }
  }
  return timing;
}
