import type { ErrorEnvelope, Envelope, LabEvents } from '../api/contract';

/**
 * The wire format of browser mode: JSON text frames.
 *   client → server  {"id": 7, "method": "m4", "params": {...}}
 *   server → client  {"id": 7, "ok": true, "value": ...} | {"id": 7, "ok": false, "error": {code, message}}
 *   server → client  {"event": "live", "payload": {...}}
 */
/** Close code when the server switched workspaces (a demo opened): the page reloads onto the new one. */
export const WORKSPACE_SWITCHED = 4000;

export type DecodedRequest = { ok: true; id: number; method: string; params: unknown } | { ok: false; id: number | null; error: ErrorEnvelope };

export function decodeRequest(text: string): DecodedRequest {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { ok: false, id: null, error: { code: 'invalid_input', message: 'request is not valid JSON' } };
  }
  if (typeof message !== 'object' || message === null) return { ok: false, id: null, error: { code: 'invalid_input', message: 'request must be an object' } };
  const { id, method, params } = message as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return { ok: false, id: null, error: { code: 'invalid_input', message: 'request needs an integer id' } };
  if (typeof method !== 'string') return { ok: false, id, error: { code: 'invalid_input', message: 'request needs a method name' } };
  return { ok: true, id, method, params };
}

export function encodeResponse(id: number | null, envelope: Envelope<unknown>): string {
  return JSON.stringify({ id, ...envelope });
}

export function encodeEvent<E extends keyof LabEvents>(event: E, payload: LabEvents[E]): string {
  return JSON.stringify({ event, payload });
}
