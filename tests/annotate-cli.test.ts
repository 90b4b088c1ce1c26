import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servolab } from './support/cli';
import { expectOneLineError, servolabJson } from './support/expect-cli';

describe('servolab annotate', () => {
  it('records failures a person observed, and they label series training like ground truth', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'servolab-annotate-')), 'lab.duckdb');
    // No faults: the workspace has readings but no failure to learn from.
    expect((await servolab('simulate', '--db', db, '--profile', 'servo', '--machines', '2', '--duration', '6h', '--seed', '3', '--start', '2026-03-01T00:00:00Z', '--faults', 'none')).code).toBe(0);
    expectOneLineError(await servolab('train', '--db', db, '--label', 'failure', '--horizon', '10m'), 1, /no window is followed by a failure within the horizon/);

    const failures = ['01:00', '02:30', '04:00', '05:15'];
    for (const [i, hhmm] of failures.entries()) {
      const added = await servolabJson('annotate', '--db', db, '--machine', i % 2 ? 'M-002' : 'M-001', '--kind', 'bearing seized', '--failure', `2026-03-01T${hhmm}:00Z`, '--note', `work order ${i}`);
      expect(added).toMatchObject({ kind: 'bearing seized', failure: Date.parse(`2026-03-01T${hhmm}:00Z`), note: `work order ${i}` });
    }
    const note = await servolabJson('annotate', '--db', db, '--machine', 'M-001', '--kind', 'lubricated', '--at', '2026-03-01T03:00:00Z');
    expect(note.failure).toBeNull();
    const { annotations } = await servolabJson('annotate', '--db', db, '--list');
    expect(annotations.map((a: { kind: string }) => a.kind)).toEqual(['bearing seized', 'bearing seized', 'lubricated', 'bearing seized', 'bearing seized']);
    expect((await servolabJson('annotate', '--db', db, '--list', '--machine', 'M-002')).annotations).toHaveLength(2);

    const trained = await servolabJson('train', '--db', db, '--label', 'failure', '--horizon', '10m', '--trees', '10', '--test-fraction', '0.5');
    expect(trained.data.failures).toBe(4);
    expect(trained.metrics.support.positive).toBeGreaterThan(0);

    expect((await servolabJson('annotate', '--db', db, '--remove', String(note.id))).removed).toBe(note.id);
    expect((await servolabJson('annotate', '--db', db, '--list')).annotations).toHaveLength(4);
    expectOneLineError(await servolab('annotate', '--db', db, '--remove', String(note.id)), 1, /no user annotation #\d+/);
    expectOneLineError(await servolab('annotate', '--db', db, '--machine', 'M-404', '--kind', 'x', '--at', '2026-03-01T00:00:00Z'), 1, /unknown machine "M-404"/);
    expectOneLineError(await servolab('annotate', '--db', db, '--machine', 'M-001', '--kind', 'x', '--onset', '2026-03-02T00:00:00Z', '--failure', '2026-03-01T00:00:00Z'), 1, /failure cannot come before the onset/);
    expectOneLineError(await servolab('annotate', '--db', db, '--machine', 'M-001', '--kind', 'x'), 2, /give --at ISO/);
  }, 120_000);
});
