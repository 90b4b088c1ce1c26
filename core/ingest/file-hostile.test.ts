import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isLabError } from '../model';
import { sqlIdentifier } from '../store/series';
import { detectFile } from './file-import';
import { importPath, openWorkspace, scratch, servoSenseCsv, snapshot, writeScratch } from './file-test-util';
import { HOSTILE_NAMES } from './hostile-test-util';

/** Hostile input: never a crash, always exact counts or one clear line of error, workspace intact. */
async function refused(content: string | Buffer, name: string, pattern: RegExp, options = {}) {
  const ctx = await openWorkspace();
  const before = await snapshot(ctx.ws);
  const error = await importPath(ctx, writeScratch(scratch(), name, content), options).then(() => null, (e: unknown) => e);
  expect(isLabError(error), String(error)).toBe(true);
  expect((error as Error).message).toMatch(pattern);
  expect((error as Error).message).not.toContain('\n');
  expect((error as Error).message.length).toBeLessThan(400);
  expect(await snapshot(ctx.ws)).toEqual(before);
  ctx.ws.close();
}

describe('hostile files', () => {
  it('refuses empty, header-only, binary, truncated and mislabelled files clearly', async () => {
    await refused('', 'empty.csv', /empty\.csv is empty/);
    await refused('event_time,machine_id,temperature\n', 'header.csv', /header but no data rows/);
    await refused(randomBytes(5000), 'garbage.csv', /looks like a binary file/);
    await refused(Buffer.concat([Buffer.from('PAR1'), randomBytes(300)]), 'fake.parquet', /cannot read fake\.parquet/);
    await refused(gzipSync(servoSenseCsv(2000)).subarray(0, 200), 'cut.csv.gz', /.+/);
    await refused(servoSenseCsv(20), 'x.csv', /does not look like parquet/, { format: 'parquet' });
    await refused(Buffer.from('PK\u0003\u0004garbage'), 'broken.zip', /not a readable zip archive/);
  });

  it('says which delimiter to pass when the given one splits nothing', async () => {
    await refused(servoSenseCsv(20), 'comma.csv', /single column and no timestamp; pass --delimiter/, { delimiter: ';' });
  });

  it('handles a 10 MB single line: refused alone, quarantined among good lines', async () => {
    await refused('x'.repeat(10_000_000), 'one-line.csv', /cannot detect the CSV layout of one-line\.csv|single column/);
    const ctx = await openWorkspace();
    const csv = servoSenseCsv(5) + `2026-03-01T00:00:01Z,M-001,${'9'.repeat(10_000_000)},1,1\n` + servoSenseCsv(3, 3, Date.UTC(2026, 2, 2)).split('\n').slice(1).join('\n');
    const r = await importPath(ctx, writeScratch(scratch(), 'long-line.csv', csv));
    expect(r).toMatchObject({ rows: 9, imported: 8 * 3, quarantined: 1 });
    const [q] = await ctx.ws.rows<{ location: string; reason: string; n: number }>(`SELECT location, reason, length(raw) AS n FROM quarantine`);
    expect(q!.location).toBe('long-line.csv:7');
    expect(q!.reason).toMatch(/line size over maximum/);
    expect(q!.n).toBeLessThanOrEqual(65_536);
    ctx.ws.close();
  });

  it('keeps duplicate, SQL-looking and Unicode column names exactly (and safely)', async () => {
    const ctx = await openWorkspace();
    const header = 'time,"temp; DROP TABLE readings;--",Température °C,"we""ird",Temp,Temp\n';
    const rows = '2026-03-01T00:00:00Z,1,2,3,4,5\n2026-03-01T00:00:01Z,6,7,8,9,10\n';
    const path = writeScratch(scratch(), 'names.csv', header + rows);
    const plan = await detectFile(ctx.ws, path);
    expect(plan.warnings.join(' ')).toMatch(/duplicate column name "Temp"/);
    const r = await importPath(ctx, path);
    expect(r.imported).toBe(10);
    expect(r.sensors).toEqual(['temp; DROP TABLE readings;--', 'Température °C', 'we"ird', 'Temp', 'Temp_1']);
    expect((await ctx.ws.rows(`SELECT count(*) AS n FROM readings`))[0]).toEqual({ n: 10n });
    ctx.ws.close();
  });

  it('hostile headers, machine and sensor cells, and table names: stored verbatim, blanks quarantined', async () => {
    const ctx = await openWorkspace();
    const csvCell = (s: string) => `"${s.replaceAll('"', '""')}"`;
    const csv = (rows: string[][]) => rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
    const T = '2026-03-01T00:00:00Z';
    // Headers: NUL makes a file binary (refused), and a name with a line break is not a header; the rest, 10 KB included.
    const headers = [...HOSTILE_NAMES.filter((n) => !/[\0\n\t]/.test(n) && n.trim() === n), 'h'.repeat(10_240)];
    const wide = await importPath(ctx, writeScratch(scratch(), 'wide.csv', csv([['time', ...headers], [T, ...headers.map((_, i) => String(i))]])));
    expect(wide.sensors).toEqual(headers); // `constructor` used to fail the import: its unit was Object's constructor
    for (const [i, name] of headers.entries()) {
      const rows = await ctx.ws.rows<{ value: number }>(`SELECT r.value FROM readings r JOIN sensors s ON s.id = r.sensor WHERE s.name = $name`, { name });
      expect(rows, name.slice(0, 40)).toEqual([{ value: i }]);
    }
    // Machine and sensor names from cells: verbatim (surrounding blanks trimmed), a blank one quarantined with the reason.
    const cells = HOSTILE_NAMES.filter((n) => !n.includes('\0'));
    const long = csv([['time', 'machine', 'sensor', 'value'], ...cells.map((n, i) => [T, n, n, String(i)]), [T, '  ', 's', '1'], [T, 'm', '', '2']]);
    const r = await importPath(ctx, writeScratch(scratch(), 'long.csv', long));
    expect(r).toMatchObject({ imported: cells.length, quarantined: 2 });
    for (const [i, n] of cells.entries()) {
      const rows = await ctx.ws.rows(`SELECT r.value FROM readings r JOIN machines m ON m.id = r.machine JOIN sensors s ON s.id = r.sensor WHERE m.name = $n AND s.name = $n`, { n: n.trim() });
      expect(rows, JSON.stringify(n)).toEqual([{ value: i }]);
    }
    const reasons = await ctx.ws.rows<{ reason: string }>(`SELECT reason FROM quarantine WHERE location LIKE 'long.csv:%' ORDER BY id`);
    expect(reasons.map((q) => q.reason)).toEqual(['missing machine', 'missing sensor name']);
    // Training tables named like SQL, quotes and Unicode: created under exactly that name.
    for (const [k, table] of ["t'); DROP TABLE readings; --", 'we"ird', '🔥 Tabelle ü'].entries()) {
      await importPath(ctx, writeScratch(scratch(), 'tbl.csv', `a,b\n1,${k}\n3,4\n`), { table });
      expect(await ctx.ws.rows(`SELECT count(*)::INTEGER AS n FROM training.${sqlIdentifier(table)}`)).toEqual([{ n: 2 }]);
    }
    expect((await ctx.ws.rows<{ n: bigint }>(`SELECT count(*) AS n FROM readings`))[0]!.n).toBe(BigInt(headers.length + cells.length));
    ctx.ws.close();
  });

  it('reads CRLF, Latin-1 and byte-order-marked files', async () => {
    const ctx = await openWorkspace();
    const crlf = await importPath(ctx, writeScratch(scratch(), 'crlf.csv', servoSenseCsv(30).replaceAll('\n', '\r\n')));
    expect(crlf).toMatchObject({ rows: 30, imported: 90, quarantined: 0 });
    const latin1 = Buffer.from('time;Temp\xe9rature\n2026-03-01 00:00:00;1,5\n2026-03-01 00:00:01;2,5\n', 'latin1');
    const l = await importPath(ctx, writeScratch(scratch(), 'latin1.csv', latin1));
    expect(l).toMatchObject({ imported: 2, sensors: ['Température'] });
    const bom = await importPath(ctx, writeScratch(scratch(), 'bom.csv', '\ufefftimestamp,value\n2026-03-01T00:00:00Z,1\n'));
    expect(bom).toMatchObject({ imported: 1, sensors: ['value'] });
    ctx.ws.close();
  });

  it('quarantines malformed JSON lines with their line numbers', async () => {
    const ctx = await openWorkspace();
    const lines = [
      '{"ts": "2026-03-01T00:00:00Z", "machine": "A", "v": 1}',
      'not json at all',
      '',
      '[1, 2, 3]',
      '{"ts": "2026-03-01T00:00:01Z", "machine": "A", "v": "high"}',
      '{"ts": "2026-03-01T00:00:02Z", "machine": "A", "v": 3}',
      '{"ts": 17, "machine": "A", "v": 4, "extra": {"nested": true}}',
    ];
    const r = await importPath(ctx, writeScratch(scratch(), 'events.jsonl', lines.join('\n') + '\n'));
    expect(r).toMatchObject({ rows: 6, imported: 2, quarantined: 4 });
    const q = await ctx.ws.rows<{ location: string; reason: string; raw: string }>(`SELECT location, reason, raw FROM quarantine ORDER BY id`);
    expect(q.map((x) => [x.location, x.reason])).toEqual([
      ['events.jsonl:2', 'malformed JSON'],
      ['events.jsonl:4', 'not a JSON object'],
      ['events.jsonl:5', 'value of v is not a number: "high"'],
      ['events.jsonl:7', 'unparseable timestamp "17" (format iso)'],
    ]);
    expect(q[0]!.raw).toBe('not json at all');
    ctx.ws.close();
  });

  it('mixed types in a value column: numbers kept, the rest quarantined per line', async () => {
    const ctx = await openWorkspace();
    const csv = 'time,v\n' + Array.from({ length: 40 }, (_, i) => `2026-03-01T00:00:${String(i).padStart(2, '0')}Z,${i % 10 === 3 ? 'n/a?' : i}`).join('\n') + '\n';
    const r = await importPath(ctx, writeScratch(scratch(), 'mixed.csv', csv));
    expect(r).toMatchObject({ rows: 40, imported: 36, quarantined: 4 });
    ctx.ws.close();
  });
});
