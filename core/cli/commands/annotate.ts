import { LabError } from '../../model';
import { addAnnotation, listAnnotations, removeAnnotation } from '../../store/annotations';
import { integerOption, optionalString, requireString, timeOption } from '../args';
import { withWorkspace, type Command } from '../command';
import { formatTable, printJson } from '../output';

const iso = (t: number | null) => (t === null ? '' : new Date(t).toISOString());

/**
 * `servolab annotate`: record what happened on a machine (a failure, a repair) as a user
 * annotation; one with `--failure` labels training data like the simulator's ground truth.
 */
export const annotateCommand: Command = {
  name: 'annotate',
  summary: 'record, list or remove user annotations (a failure time labels training data)',
  usage:
    'servolab annotate --db FILE --machine M --kind K (--at ISO | --failure ISO [--onset ISO]) [--note TEXT] [--json]\n' +
    '       servolab annotate --db FILE --list [--machine M] [--json]\n' +
    '       servolab annotate --db FILE --remove ID',
  options: {
    db: { type: 'string' },
    machine: { type: 'string' },
    kind: { type: 'string' },
    at: { type: 'string' },
    onset: { type: 'string' },
    failure: { type: 'string' },
    note: { type: 'string' },
    list: { type: 'boolean' },
    remove: { type: 'string' },
  },
  async run(values, io) {
    const db = requireString(values, 'db');
    if (values.list) {
      const list = await withWorkspace(db, false, (ws) => listAnnotations(ws, optionalString(values, 'machine')));
      if (values.json) return printJson(io, { annotations: list });
      if (list.length === 0) return io.out('no annotations');
      return io.out(formatTable(['id', 'machine', 'kind', 'onset', 'failure', 'note'], list.map((a) => [a.id, a.machine, a.kind, iso(a.onset), iso(a.failure), a.note ?? ''])));
    }
    if (values.remove !== undefined) {
      const id = integerOption(values, 'remove', 1, Number.MAX_SAFE_INTEGER);
      await withWorkspace(db, false, (ws) => removeAnnotation(ws, id));
      return values.json ? printJson(io, { removed: id }) : io.out(`removed annotation #${id}`);
    }
    const machine = requireString(values, 'machine');
    const kind = requireString(values, 'kind');
    const failure = timeOption(values, 'failure') ?? null;
    const at = timeOption(values, 'at');
    if (at !== undefined && values.onset !== undefined) throw new LabError('usage', 'give --at or --onset, not both');
    const onset = at ?? timeOption(values, 'onset') ?? failure;
    if (onset === null) throw new LabError('usage', 'give --at ISO (when it happened) or --failure ISO');
    const note = optionalString(values, 'note');
    const added = await withWorkspace(db, false, (ws) => addAnnotation(ws, { machine, kind, onset, failure, ...(note !== undefined ? { note } : {}) }));
    if (values.json) return printJson(io, added);
    io.out(`annotation #${added.id}: ${added.kind} on ${added.machine} at ${iso(added.onset)}${added.failure !== null ? `, failure ${iso(added.failure)}` : ''}`);
  },
};
