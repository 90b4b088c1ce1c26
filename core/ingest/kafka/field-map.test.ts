import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabError } from '../../model';
import { BatchBuilder } from './batch-builder';
import { fieldMapSchema, loadFieldMap, parseFieldMap, valueAt, type FieldMap } from './field-map';
import { decodeMessage, formatNameOf } from './formats';

const T0 = Date.UTC(2026, 2, 1); // 2026-03-01T00:00:00Z
const KAFKA_TS = T0 + 42_000;

/** Decodes each value (an object is JSON-encoded) as consecutive offsets with `map`, through decodeMessage. */
function decode(input: unknown, messages: unknown[]) {
  const map = fieldMapSchema.parse(input);
  const out = new BatchBuilder('t/0');
  const state = { failing: new Map<string, boolean>(), events: [] };
  messages.forEach((m, i) => decodeMessage(map, { value: Buffer.from(typeof m === 'string' ? m : JSON.stringify(m)), timestamp: String(KAFKA_TS), offset: String(i) }, out, state));
  const b = out.build();
  const rows: [number, string, string, number][] = [];
  for (let i = 0; i < b.length; i++) rows.push([b.ts[i]!, b.machines[b.machine[i]!]!, b.sensors[b.sensor[i]!]!, b.value[i]!]);
  return { rows, reasons: out.rejected.map((r) => r.reason), locations: out.rejected.map((r) => r.location) };
}

const WIDE = { time: 'payload.ts', timeUnit: 'ms', machine: 'device.id', values: { temperature: 'data.temp', rpm: 'data.rpm' } };

describe('field map decoding', () => {
  it('wide: nested paths give the time, machine and each mapped sensor; other fields are ignored', () => {
    const d = decode(WIDE, [{ payload: { ts: T0 }, device: { id: 'press-1', site: 'B' }, data: { temp: 71.5, rpm: 1500, extra: 'x' } }]);
    expect(d.rows).toEqual([
      [T0, 'press-1', 'temperature', 71.5],
      [T0, 'press-1', 'rpm', 1500],
    ]);
    expect(d.reasons).toEqual([]);
  });

  it('array indexes, a constant machine, epoch seconds and no time (the Kafka timestamp)', () => {
    const byIndex = decode({ time: 'at', timeUnit: 's', machineConst: 'press-7', values: { a: 'readings.0.value', b: 'readings.1.value' } }, [{ at: T0 / 1000 + 0.25, readings: [{ value: 1 }, { value: 2 }] }]);
    expect(byIndex.rows).toEqual([
      [T0 + 250, 'press-7', 'a', 1],
      [T0 + 250, 'press-7', 'b', 2],
    ]);
    const untimed = decode({ machine: 'm', values: { v: 'v' } }, [{ m: 7, v: 0.5 }]);
    expect(untimed.rows).toEqual([[KAFKA_TS, '7', 'v', 0.5]]); // a numeric machine id is a name, like the other formats
  });

  it('time: auto-detects ISO and epoch units unless told; iso accepts only text', () => {
    const auto = { time: 't', machineConst: 'm', values: { v: 'v' } };
    expect(decode(auto, [{ t: '2026-03-01T02:00:00+02:00', v: 1 }, { t: T0 * 1000, v: 2 }, { t: String(T0), v: 3 }]).rows.map((r) => r[0])).toEqual([T0, T0, T0]);
    const iso = decode({ ...auto, timeUnit: 'iso' }, [{ t: '2026-03-01 00:00:00', v: 1 }, { t: T0, v: 2 }, { t: '1772323200', v: 3 }]);
    expect(iso.rows).toEqual([[T0, 'm', 'v', 1]]);
    expect(iso.reasons).toEqual([`timestamp ${T0} is not ISO-8601`, 'timestamp 1772323200 is not ISO-8601']);
    expect(decode({ ...auto, timeUnit: 'us' }, [{ t: T0 * 1000, v: 1 }]).rows[0]![0]).toBe(T0);
  });

  it('long: one reading per message from sensor and value paths', () => {
    const d = decode({ time: 'ts', machine: 'src.machine', sensor: 'reading.name', value: 'reading.value' }, [
      { ts: '2026-03-01T00:00:00Z', src: { machine: 'M-1' }, reading: { name: 'temp', value: 21.5 } },
      { ts: '2026-03-01T00:00:00Z', src: { machine: 'M-1' }, reading: { value: 21.5 } },
      { ts: '2026-03-01T00:00:00Z', src: { machine: 'M-1' }, reading: { name: '  ', value: 1 } },
      { ts: '2026-03-01T00:00:00Z', src: { machine: 'M-1' }, reading: { name: 'temp', value: '21.5' } },
    ]);
    expect(d.rows).toEqual([[T0, 'M-1', 'temp', 21.5]]);
    expect(d.reasons).toEqual(['missing field reading.name', 'field reading.name is not a sensor name', 'value of temp is not a number']);
  });

  it('quarantines each bad message whole, with the reason and its offset', () => {
    const good = { payload: { ts: T0 }, device: { id: 'p' }, data: { temp: 1, rpm: 2 } };
    const d = decode(WIDE, [
      'not json',
      '[1, 2]',
      { ...good, data: { temp: 1 } }, // temperature was added before rpm failed: no half message stays
      { ...good, data: { temp: 'hot', rpm: 2 } },
      { ...good, data: { temp: null, rpm: 2 } },
      { ...good, device: {} },
      { ...good, device: { id: { nested: true } } },
      { ...good, payload: {} },
      { ...good, payload: { ts: null } },
      { ...good, payload: { ts: 'yesterday' } },
      { ...good, payload: { ts: true } },
      { ...good, data: 'flat' },
      good,
    ]);
    expect(d.rows).toEqual([
      [T0, 'p', 'temperature', 1],
      [T0, 'p', 'rpm', 2],
    ]);
    expect(d.reasons).toEqual([
      'invalid JSON',
      'not a JSON object',
      'missing field data.rpm',
      'value of temperature is not a number',
      'value of temperature is not a number',
      'missing field device.id',
      'field device.id is not a machine name',
      'missing field payload.ts',
      'missing field payload.ts',
      'unparseable timestamp "yesterday"',
      'timestamp of type boolean',
      'missing field data.temp',
    ]);
    expect(d.locations.slice(0, 3)).toEqual(['t/0@0', 't/0@1', 't/0@2']);
  });

  it('an index path on an object, or a field path on an array, finds nothing', () => {
    const map = { machineConst: 'm', values: { v: 'a.0' } };
    expect(decode(map, [{ a: { 0: 5 } }]).rows).toEqual([[KAFKA_TS, 'm', 'v', 5]]); // "0" is a key of an object
    expect(decode(map, [{ a: [] }]).reasons).toEqual(['missing field a.0']);
    expect(decode({ machineConst: 'm', values: { v: 'a.length' } }, [{ a: [1, 2] }]).reasons).toEqual(['missing field a.length']);
    expect(decode({ machineConst: 'm', values: { v: 'a.01' } }, [{ a: [1, 2] }]).reasons).toEqual(['missing field a.01']);
  });

  it('never follows __proto__, constructor or prototype into a prototype; an own key of that name is data', () => {
    expect(valueAt({}, 'constructor')).toBeUndefined();
    expect(valueAt({}, '__proto__')).toBeUndefined();
    expect(valueAt({}, 'constructor.prototype')).toBeUndefined();
    expect(valueAt({ a: 'text' }, 'a.length')).toBeUndefined();
    expect(valueAt([1], 'constructor.name')).toBeUndefined();
    const hostile = { machineConst: 'm', values: { a: '__proto__.polluted', b: 'constructor.name' } };
    expect(decode(hostile, [{}]).reasons).toEqual(['missing field __proto__.polluted']);
    // JSON.parse makes "__proto__" an own key: it is read as data, and no prototype changes.
    expect(decode(hostile, ['{"__proto__":{"polluted":1},"constructor":{"name":2}}']).rows).toEqual([
      [KAFKA_TS, 'm', 'a', 1],
      [KAFKA_TS, 'm', 'b', 2],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names the format map in summaries', () => {
    expect(formatNameOf(fieldMapSchema.parse(WIDE))).toBe('map');
    expect(formatNameOf('long')).toBe('long');
  });
});

describe('field map files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'servolab-map-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const problem = (text: string): string => {
    try {
      parseFieldMap(text, 'map file m.json');
    } catch (e) {
      expect(e).toBeInstanceOf(LabError);
      expect((e as LabError).code).toBe('usage');
      expect((e as LabError).message).not.toContain('\n');
      return (e as LabError).message;
    }
    throw new Error(`accepted: ${text}`);
  };

  it('loads a valid file', () => {
    const map: FieldMap = loadFieldMap(file('ok.json', JSON.stringify(WIDE)));
    expect(map).toEqual(WIDE);
    expect(loadFieldMap(file('long.json', '{"machineConst":"p","sensor":"s","value":"v"}'))).toEqual({ machineConst: 'p', sensor: 's', value: 'v' });
  });

  it('refuses an unreadable file and bad mappings with one line naming the problem', () => {
    expect(() => loadFieldMap(join(dir, 'absent.json'))).toThrow(`cannot read the map file ${join(dir, 'absent.json')}`);
    expect(problem('{"machine": ')).toMatch(/^map file m\.json: not JSON \(/);
    expect(problem('[]')).toMatch(/^map file m\.json: .*object/);
    expect(problem('{"machineConst":"p","values":{"t":"t"},"machin":"x"}')).toMatch(/^map file m\.json: .*machin/);
    expect(problem('{"values":{"t":"t"}}')).toBe('map file m.json: give machine (a path) or machineConst (a name), one of them');
    expect(problem('{"machine":"m","machineConst":"p","values":{"t":"t"}}')).toBe('map file m.json: give machine (a path) or machineConst (a name), one of them');
    expect(problem('{"machine":"m"}')).toBe('map file m.json: give values (wide) or both sensor and value (long)');
    expect(problem('{"machine":"m","sensor":"s"}')).toBe('map file m.json: give values (wide) or both sensor and value (long)');
    expect(problem('{"machine":"m","values":{"t":"t"},"value":"v"}')).toBe('map file m.json: give values (wide) or sensor and value (long), not both');
    expect(problem('{"machine":"m","values":{}}')).toBe('map file m.json: values: name at least one sensor');
    expect(problem('{"machine":"m","values":{"t":"data..temp"}}')).toMatch(/^map file m\.json: values\.t: a path is field names joined by dots/);
    expect(problem('{"machine":".m","values":{"t":"t"}}')).toMatch(/^map file m\.json: machine: a path is/);
    expect(problem('{"machine":"m","values":{"t":5}}')).toMatch(/^map file m\.json: values\.t: /);
    expect(problem('{"machine":"m","values":{" ":"t"}}')).toBe('map file m.json: values: a sensor name is not blank and at most 200 characters');
    expect(problem('{"machineConst":"","values":{"t":"t"}}')).toBe('map file m.json: machineConst: a name must not be blank');
    expect(problem('{"machine":"m","values":{"t":"t"},"timeUnit":"ms"}')).toBe('map file m.json: timeUnit needs time (the path of the timestamp)');
    expect(problem('{"time":"t","timeUnit":"hours","machine":"m","values":{"t":"t"}}')).toMatch(/^map file m\.json: timeUnit: /);
    expect(problem(`{"machine":"m","values":{"t":"${Array.from({ length: 33 }, () => 'a').join('.')}"}}`)).toBe('map file m.json: values.t: a path is at most 32 fields deep');
    expect(problem('{"machine":"m","values":{"__proto__":"t"}}')).toBe('map file m.json: values: a sensor cannot be named __proto__');
  });
});
