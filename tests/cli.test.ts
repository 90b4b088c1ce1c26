import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, servolab, startServolab } from './support/cli';
import { expectOneLineError } from './support/expect-cli';

const tmp = () => mkdtempSync(join(tmpdir(), 'servolab-cli-'));
const START = '2026-03-01T00:00:00Z';


describe('servolab CLI (built)', () => {
  it('prints help with every command', async () => {
    const r = await servolab('--help');
    expect(r.code).toBe(0);
    for (const c of ['simulate', 'stats', 'query', 'hot', 'export', 'bench']) expect(r.stdout).toContain(c);
  });

  it('simulates, then answers stats, query, hot and export on the same workspace', async () => {
    const dir = tmp();
    const db = join(dir, 'w.duckdb');
    const sim = await servolab('simulate', '--db', db, '--profile', 'servo', '--machines', '3', '--duration', '10m', '--seed', '42', '--start', START, '--json');
    expect(sim.code).toBe(0);
    const report = JSON.parse(sim.stdout);
    // 3 machines × 3 sensors × 10 Hz × 600 s
    expect(report.stored + report.quarantined).toBeGreaterThan(50_000);
    expect(report.start).toBe('2026-03-01T00:00:00.000Z');

    const stats = JSON.parse((await servolab('stats', '--db', db, '--json')).stdout);
    expect(stats.series).toHaveLength(9);
    const temp = stats.series.find((s: { machine: string; sensor: string }) => s.machine === 'M-001' && s.sensor === 'temperature');
    expect(temp.min).toBeGreaterThanOrEqual(60);
    expect(temp.max).toBeLessThanOrEqual(90);
    expect(temp.p50).toBeGreaterThan(temp.min);
    expect(temp.firstTime).toMatch(/^2026-03-01T00:00:00\.\d{3}Z$/); // machines start within their first tick

    const q = JSON.parse(
      (await servolab('query', '--db', db, '--machine', 'M-002', '--sensor', 'rpm', '--from', START, '--to', '2026-03-01T00:01:00Z', '--json')).stdout,
    );
    expect(q.rows.length).toBeGreaterThan(500);
    expect(q.rows.every((r: { value: number }) => r.value >= 1000 && r.value <= 2500)).toBe(true);
    const q1 = JSON.parse(
      (await servolab('query', '--db', db, '--machine', 'M-002', '--sensor', 'rpm', '--from', START, '--to', '2026-03-01T00:01:00Z', '--rollup', '1s', '--json')).stdout,
    );
    expect(q1.rows).toHaveLength(60);
    expect(q1.rows.reduce((n: number, r: { n: number }) => n + r.n, 0)).toBe(q.rows.length);

    const out = join(dir, 'hot.csv');
    const hot = JSON.parse((await servolab('hot', '--db', db, '--sensor', 'temperature', '--above', '85', '--out', out, '--json')).stdout);
    expect(hot.total).toBeGreaterThan(0);
    const csv = readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('time,machine,sensor,value');
    expect(csv).toHaveLength(hot.total + 1);
    expect(csv.slice(1).every((line) => Number(line.split(',')[3]) > 85)).toBe(true);

    const parquetDir = join(dir, 'lake');
    const exp = await servolab('export', '--db', db, '--format', 'parquet', '--out', parquetDir, '--partition', '--json');
    expect(exp.code).toBe(0);
    expect(JSON.parse(exp.stdout).rows).toBe(report.stored);
    expect(readdirSync(parquetDir).sort()).toEqual(['machine=M-001', 'machine=M-002', 'machine=M-003']);
    expect(readdirSync(join(parquetDir, 'machine=M-001'))).toEqual(['day=2026-03-01']);

    const csvOut = join(dir, 'm1.csv');
    expect((await servolab('export', '--db', db, '--format', 'csv', '--out', csvOut, '--machine', 'M-001')).code).toBe(0);
    expect(statSync(csvOut).size).toBeGreaterThan(100_000);
  }, 60_000);

  it('is deterministic: same seed and start give identical readings', async () => {
    const dir = tmp();
    const args = ['--profile', 'fleet', '--machines', '2', '--duration', '5m', '--seed', '9', '--start', START, '--faults', 'all'];
    await servolab('simulate', '--db', join(dir, 'a.duckdb'), ...args);
    await servolab('simulate', '--db', join(dir, 'b.duckdb'), ...args);
    await servolab('export', '--db', join(dir, 'a.duckdb'), '--format', 'csv', '--out', join(dir, 'a.csv'));
    await servolab('export', '--db', join(dir, 'b.duckdb'), '--format', 'csv', '--out', join(dir, 'b.csv'));
    const a = readFileSync(join(dir, 'a.csv'));
    expect(a.length).toBeGreaterThan(10_000);
    expect(a.equals(readFileSync(join(dir, 'b.csv')))).toBe(true);
  }, 60_000);

  it('rejects bad flags with one line, exit 2, and leaves the workspace unchanged', async () => {
    const dir = tmp();
    const db = join(dir, 'w.duckdb');
    await servolab('simulate', '--db', db, '--profile', 'motor', '--machines', '1', '--duration', '1m', '--seed', '1', '--start', START);
    const before = JSON.parse((await servolab('stats', '--db', db, '--json')).stdout);
    const base = ['simulate', '--db', db, '--duration', '1m', '--seed', '1'];
    expectOneLineError(await servolab(...base, '--profile', 'toaster', '--machines', '1'), 2, /--profile must be one of/);
    expectOneLineError(await servolab(...base, '--profile', 'servo', '--machines=-3'), 2, /--machines must be an integer/);
    expectOneLineError(await servolab(...base, '--profile', 'servo', '--machines', '-3'), 2, /--machines.*write --machines=VALUE/);
    expectOneLineError(await servolab(...base, '--profile', 'servo', '--machines', '99999999'), 2, /--machines/);
    expectOneLineError(await servolab(...base, '--profile', 'servo', '--machines', '2', '--faults', 'gremlins'), 2, /unknown fault/);
    expectOneLineError(await servolab('simulate', '--db', db, '--profile', 'servo', '--machines', '1', '--duration', 'soon', '--seed', '1'), 2, /invalid duration/);
    expectOneLineError(await servolab(...base, '--profile', 'servo', '--machines', '1', '--bogus'), 2, /Unknown option '--bogus'/);
    expectOneLineError(await servolab('frobnicate'), 2, /unknown command/);
    expectOneLineError(await servolab('stats', '--db', db, '--from', 'yesterday'), 2, /invalid time/);
    const after = JSON.parse((await servolab('stats', '--db', db, '--json')).stdout);
    expect(after).toEqual(before);
  }, 60_000);

  it('refuses unreadable, missing and foreign workspaces with exit 1', async () => {
    const dir = tmp();
    const junk = join(dir, 'junk.duckdb');
    writeFileSync(junk, 'definitely not a database\n'.repeat(1000));
    expectOneLineError(await servolab('stats', '--db', junk), 1, /not a ServoLab workspace/);
    expect(readFileSync(junk, 'utf8')).toBe('definitely not a database\n'.repeat(1000));
    expectOneLineError(await servolab('stats', '--db', join(dir, 'missing.duckdb')), 1, /workspace not found/);
    expect(existsSync(join(dir, 'missing.duckdb'))).toBe(false);
    expectOneLineError(await servolab('query', '--db', junk, '--machine', 'M', '--sensor', 's', '--from', START, '--to', START), 2, /--to must be after/);
  }, 60_000);

  const rendererBuilt = existsSync(join(__dirname, '..', 'out', 'renderer', 'index.html'));
  if (!rendererBuilt) console.warn('skipping the serve workspace test: the renderer is not built (npm run build)');
  it.skipIf(!rendererBuilt)('serve ends with one error line when the workspace cannot open (it opens while the page loads)', async () => {
    const junk = join(tmp(), 'junk.duckdb');
    writeFileSync(junk, 'definitely not a database\n'.repeat(1000));
    expectOneLineError(await servolab('serve', '--db', junk, '--port', '0'), 1, /not a ServoLab workspace/);
    expect(readFileSync(junk, 'utf8')).toBe('definitely not a database\n'.repeat(1000));
  }, 60_000);

  it.skipIf(!rendererBuilt)('serve --metrics-port exposes Prometheus metrics behind the same token', async () => {
    const db = join(tmp(), 'metrics.duckdb');
    expect((await servolab('simulate', '--db', db, '--profile', 'servo', '--machines', '1', '--duration', '1m', '--seed', '1', '--start', START)).code).toBe(0);
    const serve = await startServolab<{ token: string; metrics: string }>('serve', '--db', db, '--metrics-port', '0', '--json');
    try {
      const printed = serve.printed;
      expect(printed.metrics).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect((await fetch(printed.metrics)).status).toBe(401);
      const scrape = await fetch(printed.metrics, { headers: { authorization: `Bearer ${printed.token}` } });
      expect(scrape.status).toBe(200);
      expect(await scrape.text()).toMatch(/^servolab_workspace_readings 1800$/m);
    } finally {
      await serve.stop();
    }
  }, 60_000);

  it('refuses a workspace locked by another process, and a newer one', async () => {
    const dir = tmp();
    const db = join(dir, 'w.duckdb');
    await servolab('simulate', '--db', db, '--profile', 'motor', '--machines', '1', '--duration', '1m', '--seed', '1', '--start', START);
    const holder = spawn(process.execPath, ['-e', `require('@duckdb/node-api').DuckDBInstance.create(${JSON.stringify(db)}).then(() => { console.log('ready'); setInterval(() => {}, 1000); })`], {
      cwd: join(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
      expectOneLineError(await servolab('stats', '--db', db), 1, /in use by another process/);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    await promisify(execFile)(process.execPath, ['-e', `const d=require('@duckdb/node-api');d.DuckDBInstance.create(${JSON.stringify(db)}).then(async i=>{const c=await i.connect();await c.run("INSERT INTO schema_version VALUES (999, now()::TIMESTAMP, 'future')");c.closeSync();i.closeSync();})`], { cwd: join(__dirname, '..') });
    expectOneLineError(await servolab('stats', '--db', db), 1, /newer than this ServoLab supports/);
  }, 60_000);

  it('runs live at a speed factor, and stops cleanly on Ctrl-C keeping what it stored', async () => {
    const dir = tmp();
    const fast = await servolab('simulate', '--db', join(dir, 'a.duckdb'), '--profile', 'servo', '--machines', '1', '--duration', '1m', '--seed', '3', '--live', '--speed', '300', '--json');
    expect(fast.code).toBe(0);
    const report = JSON.parse(fast.stdout);
    expect(report).toMatchObject({ mode: 'live', cancelled: false });
    expect(report.stored).toBeGreaterThan(1700); // 3 sensors × 10 Hz × 60 s, minus the last tick
    expect(report.seconds).toBeGreaterThan(0.15);

    const db = join(dir, 'b.duckdb');
    const child = spawn(process.execPath, [BIN, 'simulate', '--db', db, '--profile', 'servo', '--machines', '2', '--duration', '1h', '--seed', '3', '--live', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    await new Promise((resolve) => child.stderr!.once('data', resolve)); // "live: … (Ctrl-C stops)"
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    const stopped = JSON.parse(stdout);
    expect(stopped.cancelled).toBe(true);
    expect(stopped.stored).toBeGreaterThan(0);
    const stats = JSON.parse((await servolab('stats', '--db', db, '--json')).stdout);
    expect(stats.series.reduce((n: number, s: { count: number }) => n + s.count, 0)).toBe(stopped.stored);
  }, 60_000);

  it('prints a stack trace only with --debug', async () => {
    const r = await servolab('stats', '--db', join(tmp(), 'missing.duckdb'), '--debug');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});
