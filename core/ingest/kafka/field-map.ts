import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { firstLineOf, LabError } from '../../model';
import type { BatchBuilder } from './batch-builder';
import { nameOf, parseObject } from './message-json';
import { messageTime } from './timestamp';

/**
 * The `map` payload format: the user says where time, machine and values sit in a JSON message,
 * as dot paths (`payload.ts`, `readings.0.value`). Wide (`values`: sensor → path) or long
 * (`sensor` and `value` paths); the machine from a path or one constant name; no `time` → the
 * Kafka message timestamp. The same object comes from a `--format map:FILE` file or a LabApi request.
 */
const MAX_DEPTH = 32;

const path = z
  .string()
  .max(500)
  .regex(/^[^.]+(\.[^.]+)*$/, 'a path is field names joined by dots, e.g. data.temp or readings.0.value')
  .refine((p) => p.split('.').length <= MAX_DEPTH, `a path is at most ${MAX_DEPTH} fields deep`);

const name = z
  .string()
  .max(200)
  .refine((s) => s.trim() !== '', 'a name must not be blank');

// zod drops a `__proto__` key from a record without a word (JSON.parse makes it an own key), so
// the sensor would silently vanish; say so instead.
const sensorPaths = z
  .unknown()
  .refine((v) => typeof v !== 'object' || v === null || !Object.hasOwn(v, '__proto__'), 'a sensor cannot be named __proto__')
  .pipe(
    z
      .record(z.string(), path)
      .refine((v) => Object.keys(v).length > 0, 'name at least one sensor')
      // Checked here, not as the record's key schema: zod reports a bad key only as "Invalid key in record".
      .refine((v) => Object.keys(v).every((k) => name.safeParse(k).success), 'a sensor name is not blank and at most 200 characters'),
  ) as z.ZodType<Record<string, string>, Record<string, string>>;

export const fieldMapSchema = z
  .object({
    time: path.optional(),
    /** Epoch unit of `time`, or `iso` for ISO-8601 text only; absent → ISO or epoch by magnitude. */
    timeUnit: z.enum(['s', 'ms', 'us', 'ns', 'iso']).optional(),
    machine: path.optional(),
    machineConst: name.optional(),
    /** Wide: each sensor's value path. */
    values: sensorPaths.optional(),
    /** Long: one reading per message, its sensor name and value at these paths. */
    sensor: path.optional(),
    value: path.optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const problem =
      (m.machine === undefined) === (m.machineConst === undefined)
        ? 'give machine (a path) or machineConst (a name), one of them'
        : m.values !== undefined && (m.sensor !== undefined || m.value !== undefined)
          ? 'give values (wide) or sensor and value (long), not both'
          : m.values === undefined && (m.sensor === undefined || m.value === undefined)
            ? 'give values (wide) or both sensor and value (long)'
            : m.timeUnit !== undefined && m.time === undefined
              ? 'timeUnit needs time (the path of the timestamp)'
              : null;
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

export type FieldMap = z.output<typeof fieldMapSchema>;

/** A mapping from JSON text; `where` names its origin in the one-line error. */
export function parseFieldMap(text: string, where: string): FieldMap {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new LabError('usage', `${where}: not JSON (${firstLineOf(e)})`);
  }
  const parsed = fieldMapSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LabError('usage', `${where}: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  }
  return parsed.data;
}

/** The mapping file of `--format map:FILE`. */
export function loadFieldMap(file: string): FieldMap {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new LabError('usage', `cannot read the map file ${file}`);
  }
  return parseFieldMap(text, `map file ${file}`);
}

/**
 * The value at a dot path, or undefined. Only own properties are followed, so `__proto__` or
 * `constructor` in a path never reaches a prototype; on an array a segment must be an index.
 */
export function valueAt(root: unknown, dotPath: string): unknown {
  let node = root;
  for (const key of dotPath.split('.')) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(key)) return undefined;
      node = node[Number(key)];
    } else if (typeof node === 'object' && node !== null && Object.hasOwn(node, key)) {
      node = (node as Record<string, unknown>)[key];
    } else {
      return undefined;
    }
  }
  return node;
}

/** Decodes one message with a mapping into `out`; returns why it cannot be stored (the caller drops partial rows). */
export function decodeMapped(map: FieldMap, text: string, fallback: number, offset: number, out: BatchBuilder): string | null {
  const json = parseObject(text);
  if (typeof json === 'string') return json;
  const ts = timeOf(map, json, fallback);
  if (typeof ts === 'string') return ts;
  const machine = map.machineConst !== undefined ? { name: map.machineConst } : nameAt(json, map.machine!, 'machine');
  if ('problem' in machine) return machine.problem;
  if (map.values !== undefined) {
    for (const [sensor, at] of Object.entries(map.values)) {
      const value = valueAt(json, at);
      if (value === undefined) return `missing field ${at}`;
      if (typeof value !== 'number') return `value of ${sensor} is not a number`;
      out.add(ts, machine.name, sensor, value, offset);
    }
    return null;
  }
  const sensor = nameAt(json, map.sensor!, 'sensor');
  if ('problem' in sensor) return sensor.problem;
  const value = valueAt(json, map.value!);
  if (value === undefined) return `missing field ${map.value}`;
  if (typeof value !== 'number') return `value of ${sensor.name} is not a number`;
  out.add(ts, machine.name, sensor.name, value, offset);
  return null;
}

function timeOf(map: FieldMap, json: Record<string, unknown>, fallback: number): number | string {
  if (map.time === undefined) return fallback;
  const raw = valueAt(json, map.time);
  // The mapping names a time field: a message without one is an error, not "now".
  if (raw === undefined || raw === null) return `missing field ${map.time}`;
  if (map.timeUnit !== 'iso') return messageTime(raw, fallback, map.timeUnit);
  // messageTime would read a number as epoch by magnitude; `iso` promises text.
  if (typeof raw !== 'string' || /^\s*-?\d+(\.\d+)?\s*$/.test(raw)) return `timestamp ${String(raw).slice(0, 80)} is not ISO-8601`;
  return messageTime(raw, fallback);
}

/** The machine or sensor name at a path, or why there is none. */
function nameAt(json: Record<string, unknown>, at: string, what: 'machine' | 'sensor'): { name: string } | { problem: string } {
  const raw = valueAt(json, at);
  if (raw === undefined) return { problem: `missing field ${at}` };
  const name = nameOf(raw);
  return name === null ? { problem: `field ${at} is not a ${what} name` } : { name };
}
