import { describe, expect, it } from 'vitest';
import { BatchBuilder } from './batch-builder';
import { decodeMessage, defaultFormatOf, type DecodeState, type KafkaFormat } from './formats';
import { epochUnitOf, messageTime } from './timestamp';

const T0 = Date.UTC(2026, 2, 1); // 2026-03-01T00:00:00Z
const KAFKA_TS = T0 + 42_000; // the broker's timestamp, used when a message carries none

interface Decoded {
  rows: [ts: number, machine: string, sensor: string, value: number][];
  rejected: { location: string; raw: string; reason: string }[];
  state: DecodeState;
}

/** Decodes `values` as consecutive offsets of partition 2 of topic `t` into one builder. */
function decode(format: KafkaFormat, values: (string | null)[], state: DecodeState = { failing: new Map(), events: [] }): Decoded {
  const out = new BatchBuilder('t/2');
  values.forEach((v, i) => decodeMessage(format, { value: v === null ? null : Buffer.from(v), timestamp: String(KAFKA_TS), offset: String(100 + i) }, out, state));
  const b = out.build();
  const rows: Decoded['rows'] = [];
  for (let i = 0; i < b.length; i++) rows.push([b.ts[i]!, b.machines[b.machine[i]!]!, b.sensors[b.sensor[i]!]!, b.value[i]!]);
  return { rows, rejected: out.rejected, state };
}

describe('messageTime', () => {
  it('reads ISO with and without zone, and epoch s/ms/µs/ns by magnitude', () => {
    expect(messageTime('2026-03-01T00:00:00Z', 0)).toBe(T0);
    expect(messageTime('2026-03-01T02:00:00+02:00', 0)).toBe(T0);
    expect(messageTime('2026-03-01 00:00:00.5', 0)).toBe(T0 + 500); // no zone = UTC
    expect(messageTime(T0 / 1000, 0)).toBe(T0);
    expect(messageTime(T0, 0)).toBe(T0);
    expect(messageTime(T0 * 1000, 0)).toBe(T0);
    expect(messageTime(T0 * 1e6, 0)).toBeCloseTo(T0, -1);
    expect(messageTime(String(T0), 0)).toBe(T0);
    expect(messageTime(1772323200.25, 0, 's')).toBe(T0 + 250);
    expect([1e9, 1e12, 1e15, 1e18].map(epochUnitOf)).toEqual(['s', 'ms', 'us', 'ns']);
  });

  it('falls back to the Kafka time when absent, and explains what it cannot read', () => {
    expect(messageTime(undefined, KAFKA_TS)).toBe(KAFKA_TS);
    expect(messageTime(null, KAFKA_TS)).toBe(KAFKA_TS);
    expect(messageTime('yesterday', 0)).toMatch(/unparseable timestamp "yesterday"/);
    expect(messageTime(true, 0)).toMatch(/type boolean/);
  });
});

describe('decodeMessage', () => {
  it('servo: each numeric field is a sensor; event_time optional', () => {
    const d = decode('servo', ['{"event_time":"2026-03-01T00:00:00Z","machine_id":"M-1","temperature":71.5,"rpm":1500}', '{"machine_id":"M-2","vibration":0.125}']);
    expect(d.rows).toEqual([
      [T0, 'M-1', 'temperature', 71.5],
      [T0, 'M-1', 'rpm', 1500],
      [KAFKA_TS, 'M-2', 'vibration', 0.125],
    ]);
    expect(d.rejected).toEqual([]);
  });

  it('servo: a bad message is rejected whole with raw text, reason and topic/partition@offset', () => {
    const d = decode('servo', ['not json', '[1]', '{"temperature":70}', '{"machine_id":"M-9","temperature":70,"rpm":"fast"}', '', null, '{"machine_id":"M-9","event_time":"soon","rpm":1}', '{"machine_id":"M-3","rpm":1}']);
    expect(d.rows).toEqual([[KAFKA_TS, 'M-3', 'rpm', 1]]); // the half-decoded M-9 message left no rows behind
    expect(d.rejected.map((r) => [r.location, r.reason])).toEqual([
      ['t/2@100', 'invalid JSON'],
      ['t/2@101', 'not a JSON object'],
      ['t/2@102', 'missing machine_id'],
      ['t/2@103', 'value of rpm is not a number'],
      ['t/2@104', 'empty message'],
      ['t/2@105', 'empty message'],
      ['t/2@106', 'unparseable timestamp "soon"'],
    ]);
    expect(d.rejected[3]!.raw).toBe('{"machine_id":"M-9","temperature":70,"rpm":"fast"}');
  });

  it('fleet: nested readings, and only false→true has_failure transitions become failure events (state spans batches)', () => {
    const msg = (s: number, f: boolean) => `{"machine_id":"F-1","timestamp":"2026-03-01T00:00:0${s}Z","readings":{"readings":{"Sensor 1":${s},"Sensor 2":-0.5},"has_failure":${f}}}`;
    const first = decode('fleet', [msg(0, false), msg(1, true), msg(2, true)]);
    expect(first.rows.slice(0, 2)).toEqual([
      [T0, 'F-1', 'Sensor 1', 0],
      [T0, 'F-1', 'Sensor 2', -0.5],
    ]);
    expect(first.rows.length).toBe(6);
    expect(first.state.events.map((e) => [e.machine, e.kind, e.onset])).toEqual([['F-1', 'failure', T0 + 1000]]);
    first.state.events.length = 0;
    const second = decode('fleet', [msg(3, false), msg(4, true)], first.state);
    expect(second.state.events.map((e) => e.onset)).toEqual([T0 + 4000]);
    expect(decode('fleet', ['{"machine_id":"F-1","readings":{}}', '{"machine_id":"F-1","readings":{"readings":{"a":1},"has_failure":"yes"}}']).rejected.map((r) => r.reason)).toEqual([
      'missing readings.readings',
      'readings.has_failure is not a boolean',
    ]);
  });

  it('motor: unix_time in seconds (fractional), else date_time, voltage the one sensor', () => {
    const d = decode('motor', ['{"unix_time":1772323200.5,"date_time":"2026-03-01 00:00:00","voltage":4.2}', '{"date_time":"2026-03-01 00:00:01","voltage":4.3}', '{"unix_time":1772323200,"voltage":"high"}', '{"unix_time":1772323200}']);
    expect(d.rows).toEqual([
      [T0 + 500, 'motor', 'voltage', 4.2],
      [T0 + 1000, 'motor', 'voltage', 4.3],
    ]);
    expect(d.rejected.map((r) => r.reason)).toEqual(['value of voltage is not a number', 'missing voltage']);
  });

  it('sensorlogger: name.key sensors on the device, epoch-ns times per payload entry', () => {
    const d = decode('sensorlogger', [
      '{"messageId":1,"sessionId":"s","deviceId":"phone-1","payload":[{"name":"accelerometer","time":1772323200000000000,"values":{"x":0.1,"z":9.8},"accuracy":3},{"name":"gyroscope","time":1772323200010000000,"values":{"x":0}}]}',
      '{"messageId":2,"deviceId":"phone-1","payload":[{"name":"accelerometer","values":{"x":1}}]}',
      '{"messageId":3,"payload":[]}',
    ]);
    expect(d.rows).toEqual([
      [T0, 'phone-1', 'accelerometer.x', 0.1],
      [T0, 'phone-1', 'accelerometer.z', 9.8],
      [T0 + 10, 'phone-1', 'gyroscope.x', 0],
    ]);
    expect(d.rejected.map((r) => r.reason)).toEqual(['payload[0]: missing time', 'missing deviceId']);
  });

  it('long: one reading per message; numeric machine ids become names', () => {
    const d = decode('long', ['{"ts":"2026-03-01T02:00:00+02:00","machine":"press-7","sensor":"temp","value":21.5}', '{"ts":1772323200000000,"machine":7,"sensor":"temp","value":-1}', '{"ts":1,"machine":"x","sensor":"y"}', '{"machine":"x","value":1}']);
    expect(d.rows).toEqual([
      [T0, 'press-7', 'temp', 21.5],
      [T0, '7', 'temp', -1],
    ]);
    expect(d.rejected.map((r) => r.reason)).toEqual(['missing value', 'missing sensor']);
  });

  it('csv: ts,machine,sensor,value lines, several per message, header skipped, empty ts = Kafka time', () => {
    const d = decode('csv', ['ts,machine,sensor,value\n2026-03-01T00:00:00Z,M-1,temp,20.5\r\n1772323201,M-1,temp,21', ',M-2,rpm,10', '2026-03-01T00:00:00Z,M-1,temp', '2026-03-01T00:00:00Z,M-1,temp,warm']);
    expect(d.rows).toEqual([
      [T0, 'M-1', 'temp', 20.5],
      [T0 + 1000, 'M-1', 'temp', 21],
      [KAFKA_TS, 'M-2', 'rpm', 10],
    ]);
    expect(d.rejected.map((r) => r.reason)).toEqual(['expected 4 fields (ts,machine,sensor,value), got 3', 'value of temp is not a number']);
  });

  it('builds one columnar batch with batch-local dictionaries, growing past its first capacity', () => {
    const values = Array.from({ length: 3000 }, (_, i) => `{"ts":${T0 + i},"machine":"m${i % 3}","sensor":"s${i % 2}","value":${i}}`);
    const out = new BatchBuilder('t/0');
    const state = { failing: new Map(), events: [] };
    values.forEach((v, i) => decodeMessage('long', { value: Buffer.from(v), timestamp: '0', offset: String(i) }, out, state));
    const b = out.build();
    expect(b.length).toBe(3000);
    expect(b.ts).toBeInstanceOf(Float64Array);
    expect(b.machines).toEqual(['m0', 'm1', 'm2']);
    expect(b.sensors).toEqual(['s0', 's1']);
    expect([b.value[2999], b.machine[2999], b.sensor[2999]]).toEqual([2999, 2, 1]);
    expect(out.rowLocation(2999)).toBe('t/0@2999');
  });

  it('picks the default format of a simulator profile', () => {
    expect(['servo', 'fleet', 'motor'].map(defaultFormatOf)).toEqual(['servo', 'fleet', 'motor']);
  });
});
