import { LabError } from '../model';
import { insertEvents } from './writer';
import type { Workspace } from './workspace';

/**
 * User annotations: events a person records on a machine — "bearing replaced", "failed at 14:02" —
 * stored in `events` with source `user`, beside the simulator's ground truth and imported labels.
 * One with a failure time is a training label like any other (series.ts labels windows followed
 * by a failure within the horizon), so a plant's maintenance log can train a model without code.
 */
export const ANNOTATION_SOURCE = 'user';
const MAX_TEXT = 200;
const MAX_NOTE = 2000;

export interface AnnotationInput {
  machine: string;
  kind: string;
  /** Epoch ms: when it began (for a failure without a known onset, the failure time). */
  onset: number;
  failure: number | null;
  note?: string;
}

export interface Annotation extends AnnotationInput {
  id: number;
}

export async function addAnnotation(ws: Workspace, input: AnnotationInput): Promise<Annotation> {
  const machine = input.machine.trim();
  const kind = input.kind.trim();
  if (machine === '' || machine.length > MAX_TEXT) throw new LabError('invalid_input', `a machine name is 1 to ${MAX_TEXT} characters`);
  if (kind === '' || kind.length > MAX_TEXT) throw new LabError('invalid_input', `an annotation kind is 1 to ${MAX_TEXT} characters`);
  if ((input.note ?? '').length > MAX_NOTE) throw new LabError('invalid_input', `a note is at most ${MAX_NOTE} characters`);
  for (const t of [input.onset, input.failure]) {
    if (t !== null && !(Number.isFinite(t) && Math.abs(t) < 8.64e15)) throw new LabError('invalid_input', 'an annotation time must be a valid date');
  }
  if (input.failure !== null && input.failure < input.onset) throw new LabError('invalid_input', 'the failure cannot come before the onset');
  const known = await ws.rows<{ n: bigint }>(`SELECT count(*) AS n FROM machines WHERE name = $machine`, { machine });
  if (Number(known[0]!.n) === 0) throw new LabError('not_found', `unknown machine "${machine}" (annotate a machine the workspace has readings of)`);
  return ws.transaction(async (con) => {
    await insertEvents(con, [{ machine, kind, onset: input.onset, failure: input.failure, source: ANNOTATION_SOURCE, ...(input.note ? { detail: { note: input.note } } : {}) }]);
    const reader = await con.runAndReadAll(`SELECT currval('events_id') AS id`);
    const id = Number(reader.getRowObjectsJS()[0]!.id);
    return { id, machine, kind, onset: input.onset, failure: input.failure, ...(input.note ? { note: input.note } : {}) };
  });
}

export async function listAnnotations(ws: Workspace, machine?: string): Promise<Annotation[]> {
  const rows = await ws.rows<{ id: bigint; machine: string; kind: string; onset: number; failure: number | null; note: string | null }>(
    `SELECT id, machine, kind, epoch_ms(onset) AS onset, epoch_ms(failure) AS failure, detail->>'note' AS note FROM events
     WHERE source = $source AND ($machine IS NULL OR machine = $machine) ORDER BY onset, id`,
    { source: ANNOTATION_SOURCE, machine: machine ?? null },
  );
  return rows.map((r) => ({
    id: Number(r.id),
    machine: r.machine,
    kind: r.kind,
    onset: Number(r.onset),
    failure: r.failure === null ? null : Number(r.failure),
    ...(r.note !== null ? { note: r.note } : {}),
  }));
}

/** Removes one user annotation; ground truth and imported labels cannot be removed this way. */
export async function removeAnnotation(ws: Workspace, id: number): Promise<void> {
  const removed = await ws.transaction(async (con) => {
    const reader = await con.runAndReadAll(`DELETE FROM events WHERE id = $id AND source = $source RETURNING id`, { id, source: ANNOTATION_SOURCE });
    return reader.getRowsJS().length;
  });
  if (removed === 0) throw new LabError('not_found', `no user annotation #${id}`);
}
