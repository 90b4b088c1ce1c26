import { LabError } from './errors';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `90s`, `10m`, `2h`, `1d`, `250ms`, or a combination like `1h30m`, into milliseconds. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    consumed = re.lastIndex;
  }
  if (trimmed.length === 0 || consumed !== trimmed.length || !Number.isFinite(total)) {
    throw new LabError('usage', `invalid duration "${text}" (use e.g. 90s, 10m, 2h)`);
  }
  return total;
}

/** Parses an ISO-8601 time (a missing zone means UTC) into epoch milliseconds. */
export function parseIsoTime(text: string): number {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(t)) {
    throw new LabError('usage', `invalid time "${text}" (use ISO-8601, e.g. 2026-01-01T00:00:00Z)`);
  }
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(t) && t.length > 10;
  const normalized = t.replace(' ', 'T') + (hasZone ? '' : t.length === 10 ? 'T00:00:00Z' : 'Z');
  const ms = Date.parse(normalized);
  if (!Number.isFinite(ms)) throw new LabError('usage', `invalid time "${text}"`);
  return ms;
}
