import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { allocateBatch } from '../model';
import { seriesStats } from '../store/queries';
import { Ingestor } from './ingestor';
import { detectFile, IMPORT_LANE, importFile } from './file-import';
import { extractZip } from './files/zip';
import { importPath, openWorkspace, scratch, servoSenseCsv, snapshot, writeScratch } from './file-test-util';

const DATA = join(__dirname, '..', '..', 'resources', 'data');

/** Merged rollup rows per bucket, the way every reader sees them. */
async function mergedRollups(ws: Awaited<ReturnType<typeof openWorkspace>>['ws'], table: string) {
  return ws.rows(`SELECT bucket, m.name AS machine, s.name AS sensor, sum(n)::BIGINT AS n, min({'v': r.min, 't': min_ts}) AS lo,
      max({'v': r.max, 'nt': -epoch_us(max_ts)}) AS hi, round(sum(sum), 6) AS sum, round(sum(sum_sq), 3) AS ss,
      min({'t': first_ts, 'v': first}) AS f, max({'t': last_ts, 'v': last}) AS l
    FROM ${table} r JOIN machines m ON m.id = r.machine JOIN sensors s ON s.id = r.sensor
    GROUP BY ALL ORDER BY machine, sensor, bucket`);
}

describe('file import: time series', () => {
  it('imports a ServoSense sensors.csv with no questions, rollups identical to the ingest path', async () => {
    const dir = scratch();
    const rows = 6000;
    const path = writeScratch(dir, 'sensors.csv', servoSenseCsv(rows));
    const file = await openWorkspace();
    const plan = await detectFile(file.ws, path);
    expect(plan.recognized).toBe('servosense');
    expect(plan.parts[0]!.mapping).toMatchObject({ timestamp: 'event_time', machine: { column: 'machine_id' }, timeFormat: { kind: 'iso' } });
    expect(plan.preview.rows).toHaveLength(10);
    const result = await importFile(file.ws, file.catalog, plan);
    expect(result).toMatchObject({ rows, imported: rows * 3, quarantined: 0, empty: 0, machines: ['M-001', 'M-002', 'M-003'] });
    expect(result.from).toBe('2026-03-01T00:00:00.000Z');

    // The same readings through the Ingestor (ReadingBatch → prepareBatch → commitBatch).
    const direct = await openWorkspace();
    const ingestor = await Ingestor.create(direct.ws);
    const sensors = ['temperature', 'vibration', 'rpm'];
    const batch = allocateBatch(rows * 3, ['M-001', 'M-002', 'M-003'], sensors);
    servoSenseCsv(rows).trim().split('\n').slice(1).forEach((line, i) => {
      const [t, m, ...v] = line.split(',');
      for (let s = 0; s < 3; s++) {
        const at = i * 3 + s;
        batch.ts[at] = Date.parse(t!);
        batch.machine[at] = Number(m!.slice(2)) - 1;
        batch.sensor[at] = s;
        batch.value[at] = Number(v[s]);
      }
    });
    batch.length = rows * 3;
    await ingestor.ingest(batch, { source: 'test' });
    for (const table of ['rollup_1s', 'rollup_1m']) {
      expect(await mergedRollups(file.ws, table)).toEqual(await mergedRollups(direct.ws, table));
    }
    const statsOf = async (w: typeof file) => (await seriesStats(w.ws, w.catalog, {})).map((s) => ({ ...s, mean: Number(s.mean.toFixed(9)) }));
    expect(await statsOf(file)).toEqual(await statsOf(direct));
    file.ws.close();
    direct.ws.close();
  });

  it('quarantines bad rows with file, line, raw text and reason; keeps the good ones', async () => {
    const dir = scratch();
    const csv = [
      'event_time,machine_id,temperature,vibration',
      '2026-03-01T00:00:00Z,M-1,20.5,0.1', // 2 ok
      '2026-03-01T00:00:01Z,M-1,abc,0.2', // 3 not a number: whole line
      '2026-03-01T00:00:02Z,M-1,22,0.3,extra', // 4 ragged
      '', // 5 blank: skipped
      'yesterday,M-1,23,0.4', // 6 unparseable time
      '2026-03-01T00:00:04Z,M-1,1e6,0.5', // 7 temperature out of range (vibration kept)
      '2026-03-01T00:00:05Z,,24,0.6', // 8 no machine
      '1960-01-01T00:00:00Z,M-1,25,0.7', // 9 before 1970
      '2026-03-01T00:00:06Z,M-1,,0.8', // 10 empty temperature: not a reading
      '2026-03-01T00:00:07Z,M-1,nan,0.9', // 11 NaN temperature
      '2026-03-01T00:00:08Z,M-2,26,1.0', // 12 ok
    ].join('\n');
    const path = writeScratch(dir, 'bad.csv', csv + '\n');
    const ctx = await openWorkspace();
    await ctx.catalog.defineSensors([{ name: 'temperature', unit: '°C', min: -50, max: 200 }]);
    const r = await importPath(ctx, path);
    expect(r.rows).toBe(10); // 11 lines after the header, one of them blank
    expect(r.empty).toBe(1);
    expect(r.imported).toBe(2 + 1 + 1 + 1 + 2); // lines 2, 7 (vibration), 10, 11 (vibration), 12
    const q = await ctx.ws.rows<{ location: string; raw: string; reason: string }>(`SELECT location, raw, reason FROM quarantine ORDER BY id`);
    const byLine = Object.fromEntries(q.map((x) => [x.location, x]));
    expect(Object.keys(byLine).sort()).toEqual(['bad.csv:11', 'bad.csv:3', 'bad.csv:4', 'bad.csv:6', 'bad.csv:7', 'bad.csv:8', 'bad.csv:9']);
    expect(r.quarantined).toBe(7);
    expect(byLine['bad.csv:3']).toMatchObject({ raw: '2026-03-01T00:00:01Z,M-1,abc,0.2', reason: expect.stringMatching(/^cast: .*"abc"/) });
    expect(byLine['bad.csv:4']!.reason).toMatch(/^too many columns/);
    expect(byLine['bad.csv:6']).toMatchObject({ raw: 'yesterday,M-1,23,0.4', reason: 'unparseable timestamp "yesterday" (format iso)' });
    expect(byLine['bad.csv:7']).toMatchObject({ raw: '2026-03-01T00:00:04Z,M-1,1e6,0.5', reason: 'value 1000000 of temperature outside valid range [-50, 200]' });
    expect(byLine['bad.csv:8']!.reason).toBe('missing machine');
    expect(byLine['bad.csv:9']!.reason).toBe('timestamp 1960-01-01T00:00:00.000Z outside 1970..2200');
    expect(byLine['bad.csv:11']!.reason).toBe('value of temperature is not a finite number (NaN)');
    expect(q.every((x) => x.raw.length > 0)).toBe(true);
    ctx.ws.close();
  });

  it('traces lines through quoted multi-line fields and blank lines', async () => {
    const dir = scratch();
    const csv = 'ts,machine,note,v\n"2026-03-01 00:00:00",A,"two\nlines",1\n\n\n2026-03-01 00:00:01,A,x,5000\n2026-03-01 00:00:02,A,y,3\n';
    const ctx = await openWorkspace();
    await ctx.catalog.defineSensors([{ name: 'v', unit: '', min: 0, max: 100 }]);
    const r = await importPath(ctx, writeScratch(dir, 'q.csv', csv));
    expect(r).toMatchObject({ rows: 3, imported: 2, quarantined: 1 });
    const [q] = await ctx.ws.rows<{ location: string; raw: string }>(`SELECT location, raw FROM quarantine`);
    expect(q).toEqual({ location: 'q.csv:6', raw: '2026-03-01 00:00:01,A,x,5000' });
    ctx.ws.close();
  });

  it('refuses a re-import of the same content unless again, and keeps the history', async () => {
    const dir = scratch();
    const path = writeScratch(dir, 'sensors.csv', servoSenseCsv(300));
    const ctx = await openWorkspace();
    const first = await importPath(ctx, path);
    const copy = join(dir, 'renamed.csv');
    copyFileSync(path, copy);
    const before = await snapshot(ctx.ws);
    await expect(importPath(ctx, copy)).rejects.toThrow(/already imported \(import #1 of sensors\.csv.*--again/);
    expect(await snapshot(ctx.ws)).toEqual(before);
    const again = await importPath(ctx, copy, { again: true });
    expect(again.imported).toBe(first.imported);
    const history = await ctx.ws.rows<{ name: string; sha256: string; imported: bigint }>(`SELECT name, sha256, imported FROM imports ORDER BY id`);
    expect(history.map((h) => h.name)).toEqual(['sensors.csv', 'renamed.csv']);
    expect(history[0]!.sha256).toBe(history[1]!.sha256);
    ctx.ws.close();
  });

  it('a cancel or a failure leaves the workspace unchanged', async () => {
    const dir = scratch();
    const path = writeScratch(dir, 'big.csv', servoSenseCsv(200_000));
    const ctx = await openWorkspace();
    const before = await snapshot(ctx.ws);
    const controller = new AbortController();
    const phases: string[] = [];
    const cancelled = importPath(ctx, path, {}, {
      signal: controller.signal,
      onProgress: (p) => {
        phases.push(p.phase);
        if (p.phase === 'storing') controller.abort();
      },
    });
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    expect(phases).toContain('storing');
    expect(await snapshot(ctx.ws)).toEqual(before);
    await expect(importPath(ctx, path, { timestamp: 'nope' })).rejects.toThrow(/--timestamp: no column "nope"/);
    expect(await snapshot(ctx.ws)).toEqual(before);
    const ok = await importPath(ctx, path); // and the workspace still works
    expect(ok.imported).toBe(600_000);
    ctx.ws.close();
  });

  it('reads gzip, TSV, JSON lines and Parquet exports of the same data alike', async () => {
    const dir = scratch();
    const csv = servoSenseCsv(900);
    const paths = {
      gz: writeScratch(dir, 'sensors.csv.gz', gzipSync(csv)),
      tsv: writeScratch(dir, 'sensors.tsv', csv.replaceAll(',', '\t')),
      jsonl: writeScratch(dir, 'sensors.jsonl', csv.trim().split('\n').slice(1).map((l) => {
        const [t, m, a, b, c] = l.split(',');
        return JSON.stringify({ event_time: t, machine_id: m, temperature: Number(a), vibration: Number(b), rpm: Number(c) });
      }).join('\n') + '\n'),
    };
    const source = await openWorkspace();
    await importPath(source, writeScratch(dir, 'sensors.csv', csv));
    const parquet = join(dir, 'sensors.parquet');
    await source.ws.run(`COPY (SELECT * FROM read_csv('${join(dir, 'sensors.csv')}')) TO '${parquet}' (FORMAT parquet)`);
    const expected = await seriesStats(source.ws, source.catalog, {});
    for (const path of [paths.gz, paths.tsv, paths.jsonl, parquet]) {
      const ctx = await openWorkspace();
      const r = await importPath(ctx, path);
      expect(r, path).toMatchObject({ rows: 900, imported: 2700, quarantined: 0 });
      expect(await seriesStats(ctx.ws, ctx.catalog, {})).toEqual(expected);
      ctx.ws.close();
    }
    source.ws.close();
  });

  it('recognises NAB, Motor and semicolon industrial logs (decimal comma, European dates)', async () => {
    const dir = scratch();
    const ctx = await openWorkspace();
    const nab = await importPath(ctx, writeScratch(dir, 'machine_temperature.csv', 'timestamp,value\n2013-12-02 21:15:00,73.96\n2013-12-02 21:20:00,74.93\n'));
    expect(nab).toMatchObject({ imported: 2, machines: ['machine_temperature'], sensors: ['value'] });
    const motor = await detectFile(ctx.ws, writeScratch(dir, 'motor.csv', 'unix_time,date_time,voltage\n1700000000.5,2023-11-14 22:13:20,12.5\n1700000001.0,2023-11-14 22:13:21,1000.25\n'));
    expect(motor.recognized).toBe('motor');
    expect(motor.parts[0]!.mapping).toMatchObject({ timestamp: 'unix_time', timeFormat: { kind: 'epoch', unit: 's' }, values: { sensors: [{ sensor: 'voltage' }] } });
    const m = await importFile(ctx.ws, ctx.catalog, motor);
    expect(m).toMatchObject({ imported: 2, from: '2023-11-14T22:13:20.500Z' });
    const log = writeScratch(dir, 'press.log.csv', 'datetime;station;pressure;temp\n01.03.2026 08:00:00;P1;1,5;20,25\n01.03.2026 08:00:01;P1;1,75;20,5\n');
    const plan = await detectFile(ctx.ws, log);
    expect(plan.recognized).toBe('industrial-log');
    expect(plan.parts[0]!.dialect).toMatchObject({ delimiter: ';', decimal: ',' });
    const r = await importFile(ctx.ws, ctx.catalog, plan);
    expect(r).toMatchObject({ imported: 4, machines: ['P1'], from: '2026-03-01T08:00:00.000Z' });
    const [p] = await ctx.ws.rows<{ s: number }>(`SELECT sum(value) AS s FROM readings r JOIN sensors s ON s.id = r.sensor WHERE s.name = 'pressure'`);
    expect(p!.s).toBeCloseTo(3.25, 10);
    ctx.ws.close();
  });

  it('takes a mapping from options: long layout, epoch ms, constant machine, time zone, units', async () => {
    const dir = scratch();
    const ctx = await openWorkspace();
    const long = writeScratch(dir, 'long.csv', 'when,tag,reading\n1772323200000,temp,21.5\n1772323200000,rpm,900\n1772323200100,temp,21.6\n');
    const r = await importPath(ctx, long, { timestamp: 'when', long: { sensor: 'tag', value: 'reading' }, machineName: 'Mill', units: { temp: '°C' } });
    expect(r).toMatchObject({ imported: 3, machines: ['Mill'], from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T00:00:00.100Z' });
    expect(ctx.catalog.sensors().find((s) => s.name === 'temp')?.unit).toBe('°C');
    const local = writeScratch(dir, 'local.csv', 'time,v\n2026-07-01 12:00:00,1\n');
    const z = await importPath(ctx, local, { timeZone: 'Europe/Berlin' });
    expect(z.from).toBe('2026-07-01T10:00:00.000Z');
    ctx.ws.close();
  });

  it('imports a Sensor Logger export, zipped or as a folder', async () => {
    const zip = join(DATA, 'sensorlogger-sample.zip');
    const ctx = await openWorkspace();
    const r = await importPath(ctx, zip);
    expect(r).toMatchObject({ format: 'sensorlogger', imported: 1380, quarantined: 0, machines: ['Pixel 7'], from: '2026-03-01T12:00:00.000Z' });
    expect(r.sensors).toContain('accelerometer.x');
    expect(r.sensors).toContain('location.latitude');
    expect(readdirSync(scratch()).length).toBe(0);
    const folder = join(scratch(), 'export');
    mkdirSync(folder);
    extractZip(zip, folder, () => true);
    const again = await importPath(await openWorkspace(), folder, { machineName: 'phone' });
    expect(again).toMatchObject({ imported: 1380, machines: ['phone'] });
    expect(existsSync(folder)).toBe(true); // a folder is read, never removed
    ctx.ws.close();
  });
});

describe('file import: housekeeping', () => {
  it('leaves no temporary tables or types behind, after success or failure, and restores the time zone', async () => {
    const dir = scratch();
    const ctx = await openWorkspace();
    const temporaries = () => ctx.ws.exclusive(async (con) => {
      const reader = await con.runAndReadAll(`SELECT (SELECT count(*) FROM duckdb_tables() WHERE temporary) + (SELECT count(*) FROM duckdb_types() WHERE starts_with(type_name, '_servolab')), current_setting('TimeZone')`);
      return reader.getRowsJS()[0];
    }, IMPORT_LANE);
    const zone = (await temporaries())![1];
    await importPath(ctx, writeScratch(dir, 'a.csv', 'time,machine,tag,v\n2026-03-01T00:00:00Z,A,x,1\n2026-03-01T00:00:01Z,A,y,oops\n'), { long: { sensor: 'tag', value: 'v' }, timeZone: 'Asia/Tokyo' });
    expect(await temporaries()).toEqual([0n, zone]);
    await expect(importPath(ctx, writeScratch(dir, 'b.csv', servoSenseCsv(10)), { sensors: ['nope'] })).rejects.toThrow(/--sensors/);
    const [q] = await ctx.ws.rows<{ late: boolean }>(`SELECT abs(epoch_ms(received_at) - epoch_ms(now())) < 600000 AS late FROM quarantine`);
    expect(q!.late).toBe(true); // stored in UTC whatever zone the import read in
    expect(await temporaries()).toEqual([0n, zone]);
    ctx.ws.close();
  });

  it('imports Parquet and JSON lines as tables too, and any file with --format table', async () => {
    const dir = scratch();
    const ctx = await openWorkspace();
    const csv = writeScratch(dir, 'sensors.csv', servoSenseCsv(50));
    const parquet = join(dir, 'features.parquet');
    await ctx.ws.run(`COPY (SELECT range AS id, range * 0.5 AS "x [mm]" FROM range(25)) TO '${parquet}' (FORMAT parquet)`);
    expect(await importPath(ctx, parquet)).toMatchObject({ target: 'training.features', imported: 25 });
    const jsonl = writeScratch(dir, 'labels.jsonl', '{"id": 1, "label": "ok"}\n{"id": 2, "label": "worn"}\n');
    expect(await importPath(ctx, jsonl, { format: 'table' })).toMatchObject({ target: 'training.labels', imported: 2 });
    expect(await importPath(ctx, csv, { table: 'raw sensors' })).toMatchObject({ target: 'training.raw sensors', imported: 50 });
    const tables = await ctx.ws.rows<{ name: string }>(`SELECT name FROM training_tables ORDER BY name`);
    expect(tables.map((t) => t.name)).toEqual(['features', 'labels', 'raw sensors']);
    ctx.ws.close();
  });
});

describe('file import: training tables', () => {
  it('imports AI4I 2020 as a training table with exact column names and types', async () => {
    const ctx = await openWorkspace();
    const r = await importPath(ctx, join(DATA, 'ai4i2020.csv'));
    expect(r).toMatchObject({ format: 'table', target: 'training.ai4i2020', imported: 10_000, rows: 10_000, quarantined: 0 });
    const cols = await ctx.ws.rows<{ column_name: string; column_type: string }>(`DESCRIBE training.ai4i2020`);
    expect(cols.map((c) => c.column_name)).toEqual([
      'UDI', 'Product ID', 'Type', 'Air temperature [K]', 'Process temperature [K]', 'Rotational speed [rpm]',
      'Torque [Nm]', 'Tool wear [min]', 'Machine failure', 'TWF', 'HDF', 'PWF', 'OSF', 'RNF',
    ]);
    expect(cols.find((c) => c.column_name === 'Torque [Nm]')!.column_type).toBe('DOUBLE');
    const [f] = await ctx.ws.rows<{ n: bigint }>(`SELECT sum("Machine failure") AS n FROM training.ai4i2020`);
    expect(Number(f!.n)).toBe(339);
    const [reg] = await ctx.ws.rows<{ name: string; rows: bigint }>(`SELECT name, rows FROM training_tables`);
    expect(reg).toEqual({ name: 'ai4i2020', rows: 10_000n });
    await expect(importPath(ctx, join(DATA, 'ai4i2020.csv'))).rejects.toThrow(/already imported/);
    const other = writeScratch(scratch(), 'other.csv', 'a,b\n1,2\n');
    await expect(importPath(ctx, other, { table: 'ai4i2020' })).rejects.toThrow(/training table "ai4i2020" already exists/);
    const replaced = await importPath(ctx, other, { table: 'ai4i2020', again: true });
    expect(replaced.imported).toBe(1);
    const named = await importPath(ctx, join(DATA, 'ai4i2020.csv'), { table: 'copy; DROP TABLE readings', again: true });
    expect(named.target).toBe('training.copy; DROP TABLE readings');
    expect((await ctx.ws.rows(`SELECT count(*) AS n FROM readings`))[0]).toEqual({ n: 0n });
    ctx.ws.close();
  });
});

describe('CSV layout detection in a file workspace (DuckDB capped at 256 MiB)', () => {
  it('still sniffs a ragged file leniently (the huge line limit no longer runs out of memory) and accounts every row', async () => {
    const dir = scratch();
    const ctx = await openWorkspace(join(dir, 'lab.duckdb'));
    try {
      const bad = writeScratch(dir, 'bad.csv', 'time,machine,v\n2026-03-01T00:00:00Z,A,1\n2026-03-01T00:00:01Z,A,oops\nnever,A,3\n2026-03-01T00:00:03Z,A,4,5\n');
      expect(await importPath(ctx, bad)).toMatchObject({ imported: 1, quarantined: 3 });
    } finally {
      ctx.ws.close();
    }
  });

  it('says when lines before the table were left out', async () => {
    const dir = scratch();
    const ctx = await openWorkspace(join(dir, 'lab.duckdb'));
    try {
      const csv = writeScratch(dir, 'titled.csv', `Line 7 press export\nexported 2026-03-02 by the historian\ntime;machine;v\n${Array.from({ length: 50 }, (_, i) => `2026-03-01T00:00:${String(i).padStart(2, '0')}Z;A;${i}`).join('\n')}\n`);
      const result = await importPath(ctx, csv);
      expect(result.imported).toBe(50);
      expect(result.warnings.join('\n')).toMatch(/the first 2 lines of titled\.csv precede the table and were not imported/);
    } finally {
      ctx.ws.close();
    }
  });
});
