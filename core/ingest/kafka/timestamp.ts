import { parseIsoTime } from '../../model';

export type EpochUnit = 's' | 'ms' | 'us' | 'ns';
// Sub-ms units divide (1e-3 is inexact in binary). A JSON number of epoch ns is only exact to
// ~256 ns (beyond 2^53), so ns round to the µs the store keeps: 1772323200010000000 → …010 ms, not …009.9998.
const TO_MS: Record<EpochUnit, (n: number) => number> = { s: (n) => n * 1000, ms: (n) => n, us: (n) => n / 1e3, ns: (n) => Math.round(n / 1e3) / 1e3 };

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
    if (!Number.isFinite(n)) return `timestamp ${String(value).slice(0, 80)} is not a number`;
    const ms = TO_MS[unit ?? epochUnitOf(n)](n);
    // 1e308 seconds is finite, its milliseconds are not.
    return Number.isFinite(ms) ? ms : `timestamp ${String(value).slice(0, 80)} is out of range`;
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
