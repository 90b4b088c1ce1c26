/** The JSON helpers every JSON decoder shares (the built-in formats and user field mappings). */

/** A message's text as a JSON object, or why it is not one. */
export function parseObject(text: string): Record<string, unknown> | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'invalid JSON';
  }
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : 'not a JSON object';
}

/** A machine or sensor name from a JSON value: a non-blank string of at most 200 characters, or a finite number. */
export function nameOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' && value.length <= 200 ? value : null;
}

/** Why `nameOf(value)` gave no name, for the quarantine reason: absent, blank, too long or not text. */
export function nameProblem(value: unknown, field: string): string {
  if (value === undefined || value === null) return `missing ${field}`;
  if (typeof value !== 'string') return `${field} is not a name (a ${Array.isArray(value) ? 'list' : typeof value})`;
  return value.trim() === '' ? `${field} is blank` : `${field} is longer than 200 characters`;
}
