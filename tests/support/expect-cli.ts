import { expect } from 'vitest';

/** The CLI failed with `code` and one line of error on stderr matching `pattern`, no stack trace. */
export function expectOneLineError(result: { code: number; stderr: string }, code: number, pattern: RegExp): void {
  expect(result.code).toBe(code);
  expect(result.stderr.trim().split('\n')[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
}
