/** Error codes that cross every boundary (CLI exit codes, API envelopes). */
export type LabErrorCode =
  | 'usage'
  | 'invalid_input'
  | 'not_found'
  | 'workspace_newer'
  | 'workspace_invalid'
  | 'workspace_locked'
  | 'io'
  | 'cancelled'
  | 'internal';

/**
 * Text with its control characters shown escaped (`\n`, `\t`, `\u0000`): a message quoting a
 * user's name (a sensor named with a line break) stays one line.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/** An expected failure with a one-line message meant for the user (control characters in it are escaped). */
export class LabError extends Error {
  readonly code: LabErrorCode;
  readonly detail?: unknown;
  constructor(code: LabErrorCode, message: string, detail?: unknown) {
    super(escapeControl(message));
    this.name = 'LabError';
    this.code = code;
    this.detail = detail;
  }
}

export function isLabError(e: unknown): e is LabError {
  return e instanceof LabError;
}

/** The `{code, message, detail}` envelope errors travel in. */
export function toErrorEnvelope(e: unknown): { code: LabErrorCode; message: string; detail?: unknown } {
  if (isLabError(e)) return { code: e.code, message: e.message, detail: e.detail };
  return { code: 'internal', message: firstLineOf(e) };
}

/** An error's first line: what a one-line report shows (stack traces and driver detail stay out). */
export function firstLineOf(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0] || 'unknown error';
}
