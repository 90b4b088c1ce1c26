import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocateBatch } from '../model';
import { Ingestor } from '../ingest/ingestor';
import { MIGRATIONS, SCHEMA_VERSION } from './schema';
import { databaseMemoryLimit, MEMORY, Workspace } from './workspace';

const tmp = () => mkdtempSync(join(tmpdir(), 'servolab-ws-'));

describe('Workspace', () => {
  it('creates the schema and records its version', async () => {
    const ws = await Workspace.open(':memory:');
    expect(await ws.schemaVersion()).toBe(SCHEMA_VERSION);
    const tables = await ws.rows<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() ORDER BY 1`);
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['readings', 'rollup_1s', 'rollup_1m', 'events', 'cycles', 'quarantine', 'checkpoints', 'models', 'runs', 'machines', 'sensors', 'schema_version']),
    );
    ws.close();
  });

  it('reopens a file without re-running migrations and keeps data', async () => {
    const path = join(tmp(), 'w.duckdb');
    const ws = await Workspace.open(path);
    const ingestor = await Ingestor.create(ws);
    const b = allocateBatch(2, ['M-1'], ['t']);
    b.ts.set([1000, 2000]);
    b.value.set([1, 2]);
    b.length = 2;
    await ingestor.ingest(b, { source: 'test' });
    ws.close();
    const again = await Workspace.open(path);
    const [row] = await again.rows<{ n: bigint }>(`SELECT count(*) AS n FROM readings`);
    expect(row!.n).toBe(2n);
    const versions = await again.rows(`SELECT * FROM schema_version`);
    expect(versions).toHaveLength(MIGRATIONS.length);
    again.close();
  });

  it('refuses a workspace from a newer ServoLab', async () => {
    const path = join(tmp(), 'newer.duckdb');
    const ws = await Workspace.open(path);
    await ws.run(`INSERT INTO schema_version VALUES (${SCHEMA_VERSION + 1}, now()::TIMESTAMP, 'future')`);
    ws.close();
    await expect(Workspace.open(path)).rejects.toMatchObject({ code: 'workspace_newer' });
  });

  it('refuses a file that is not DuckDB', async () => {
    const path = join(tmp(), 'text.duckdb');
    writeFileSync(path, 'just some text, not a database at all\n'.repeat(200));
    await expect(Workspace.open(path)).rejects.toMatchObject({ code: 'workspace_invalid' });
  });

  it('refuses a DuckDB file that is not a workspace', async () => {
    const path = join(tmp(), 'other.duckdb');
    const ws = await Workspace.open(path);
    await ws.run('DROP TABLE schema_version');
    ws.close();
    await expect(Workspace.open(path)).rejects.toMatchObject({ code: 'workspace_invalid' });
  });

  it('reports a missing workspace when asked not to create one', async () => {
    await expect(Workspace.open(join(tmp(), 'none.duckdb'), { create: false })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('rolls back a failed transaction completely', async () => {
    const ws = await Workspace.open(':memory:');
    await expect(
      ws.transaction(async (con) => {
        await con.run(`INSERT INTO machines VALUES (0, 'M-1', NULL)`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await ws.rows(`SELECT * FROM machines`)).toEqual([]);
    ws.close();
  });
});

describe('migrations', () => {
  it('upgrades an older workspace forward in one step, keeping its data', async () => {
    const path = join(tmp(), 'old.duckdb');
    const v1 = await Workspace.open(path, { migrations: MIGRATIONS.slice(0, 1) });
    await v1.run(`INSERT INTO machines VALUES (0, 'M-1', 'servo')`);
    v1.close();
    const next = [
      ...MIGRATIONS,
      { version: SCHEMA_VERSION + 1, description: 'test: machine notes', statements: [`ALTER TABLE machines ADD COLUMN notes TEXT DEFAULT 'none'`] },
    ];
    const upgraded = await Workspace.open(path, { migrations: next });
    expect(await upgraded.schemaVersion()).toBe(SCHEMA_VERSION + 1);
    expect(await upgraded.rows(`SELECT name, notes FROM machines`)).toEqual([{ name: 'M-1', notes: 'none' }]);
    upgraded.close();
    // and the current app now refuses it as newer
    await expect(Workspace.open(path)).rejects.toMatchObject({ code: 'workspace_newer' });
  });

  it('leaves the workspace untouched when a migration fails', async () => {
    const path = join(tmp(), 'broken.duckdb');
    (await Workspace.open(path)).close();
    const broken = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, description: 'bad', statements: [`ALTER TABLE machines ADD COLUMN x INT`, `SELECT * FROM no_such_table`] }];
    await expect(Workspace.open(path, { migrations: broken })).rejects.toThrow();
    const ws = await Workspace.open(path);
    expect(await ws.schemaVersion()).toBe(SCHEMA_VERSION);
    expect((await ws.rows<{ name: string }>(`SELECT column_name AS name FROM duckdb_columns() WHERE table_name = 'machines'`)).map((c) => c.name)).not.toContain('x');
    ws.close();
  });
});

describe('DuckDB memory limit', () => {
  it('caps a file workspace at 256 MiB (a cache) and an in-memory one at 2 GiB or a quarter of RAM, overridable, applied on open', async () => {
    expect(databaseMemoryLimit({}, '/data/lab.duckdb')).toMatch(/^(128|256)MiB$/);
    expect(databaseMemoryLimit({}, MEMORY)).toMatch(/^\d+MiB$/);
    expect(Number(databaseMemoryLimit({}, MEMORY).slice(0, -3))).toBeLessThanOrEqual(2048);
    expect(databaseMemoryLimit({ SERVOLAB_DB_MEMORY: '512MB' })).toBe('512MB');
    expect(() => databaseMemoryLimit({ SERVOLAB_DB_MEMORY: 'lots' })).toThrow('SERVOLAB_DB_MEMORY must be a size like 512MB or 4GB, got "lots"');
    const ws = await Workspace.open(MEMORY);
    const [row] = await ws.rows<{ limit: string }>(`SELECT current_setting('memory_limit') AS "limit"`);
    expect(row!.limit).toMatch(/GiB|MiB/);
    ws.close();
    const dir = mkdtempSync(join(tmpdir(), 'servolab-cap-'));
    const file = await Workspace.open(join(dir, 'lab.duckdb'));
    const [capped] = await file.rows<{ limit: string }>(`SELECT current_setting('memory_limit') AS "limit"`);
    expect(capped!.limit).toMatch(/^(256|128)\.0 MiB$/);
    file.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
