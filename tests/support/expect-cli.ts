import { expect } from 'vitest';
import { servolab } from './cli';

/** The CLI failed with `code` and one line of error on stderr matching `pattern`, no stack trace. */
export function expectOneLineError(result: { code: number; stderr: string }, code: number, pattern: RegExp): void {
  expect(result.code).toBe(code);
  expect(result.stderr.trim().split('\n')[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
}

/** `servolab … --json`, which must succeed: its one JSON document. */
export async function servolabJson(...args: string[]): Promise<any> {
  const r = await servolab(...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}
