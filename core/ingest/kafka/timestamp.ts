import { parseIsoTime } from '../../model';

export type EpochUnit = 's' | 'ms' | 'us' | 'ns';
const FACTOR: Record<EpochUnit, number> = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 };

/** The unit of an epoch number by its magnitude, for times after 1973: s < 1e11 ≤ ms < 1e14 ≤ µs < 1e17 ≤ ns. */
export function epochUnitOf(n: number): EpochUnit {
  const a = Math.abs(n);
  return a < 1e11 ? 's' : a < 1e14 ? 'ms' : a < 1e17 ? 'us' : 'ns';
}

/**
 * A message's time in epoch ms: ISO-8601 with or without zone (none = UTC), `YYYY-MM-DD HH:MM:SS`,
 * or an epoch number (or numeric string) in s/ms/µs/ns — `unit` when given, else by magnitude.
 * Absent (undefined/null) → `fallback` (the Kafka message timestamp). Returns an error text for
 * anything else.
 */
export function messageTime(value: unknown, fallback: number, unit?: EpochUnit): number | string {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number' || (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value))) {
    const n = Number(value);
    if (!Number.isFinite(n)) return `timestamp ${String(value)} is not a number`;
    return n * FACTOR[unit ?? epochUnitOf(n)];
  }
  if (typeof value === 'string') {
    try {
      return parseIsoTime(value);
    } catch {
      return `unparseable timestamp "${value.slice(0, 80)}"`;
    }
  }
  return `timestamp of type ${typeof value}`;
}
