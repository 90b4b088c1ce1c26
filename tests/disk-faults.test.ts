import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from './support/cli';
import { expectOneLineError } from './support/expect-cli';

/**
 * A full disk and a read-only workspace (issue 9), with the built CLI on real file systems: a
 * small tmpfs and a read-only bind mount, each inside a private mount namespace (`unshare -m`,
 * or `unshare -rm` for a non-root user), so nothing outside the test sees them.
 */
const root = mkdtempSync(join(tmpdir(), 'servolab-disk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const UNSHARE = process.getuid?.() === 0 ? ['-m'] : ['-r', '-m'];
const probe = spawnSync('unshare', [...UNSHARE, 'sh', '-c', `mount -t tmpfs -o size=1m tmpfs "${root}"`], { encoding: 'utf8' });
const why = probe.error ? probe.error.message : probe.status !== 0 ? probe.stderr.trim() : null;
if (why) console.warn(`disk fault tests skipped: cannot mount a tmpfs in a private mount namespace here (${why})`);

interface Step {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `script` (sh, with $D the mount point, `step NAME ARGS…` running servolab) in its own mount namespace. */
function inNamespace(name: string, script: string): Record<string, Step> {
  const dir = join(root, name);
  const out = join(dir, 'out');
  const mountPoint = join(dir, 'mnt');
  mkdirSync(out, { recursive: true });
  mkdirSync(mountPoint, { recursive: true });
  const preamble = `set -u
D="${mountPoint}"
step() { name=$1; shift; "${process.execPath}" "${BIN}" "$@" > "${out}/$name.out" 2> "${out}/$name.err"; echo $? > "${out}/$name.code"; echo "$name" >> "${out}/steps"; }
`;
  writeFileSync(join(dir, 'script.sh'), preamble + script);
  const r = spawnSync('unshare', [...UNSHARE, 'sh', join(dir, 'script.sh')], { encoding: 'utf8', timeout: 240_000 });
  if (r.status !== 0) throw new Error(`namespace script failed (${r.status}): ${r.stderr}`);
  const steps: Record<string, Step> = {};
  for (const step of readFileSync(join(out, 'steps'), 'utf8').trim().split('\n')) {
    const read = (ext: string) => readFileSync(join(out, `${step}.${ext}`), 'utf8');
    steps[step] = { code: Number(read('code')), stdout: read('out'), stderr: read('err') };
  }
  return steps;
}

const count = (s: Step) => (JSON.parse(s.stdout) as { rows: [number][] }).rows[0]![0];
const COUNT = `"SELECT count(*) FROM readings" --json`;

describe.skipIf(why !== null)('disk faults', () => {
  it('a full disk fails the write in one line and loses nothing; freeing space makes it writable again', () => {
    const s = inNamespace(
      'full',
      `mount -t tmpfs -o size=24m tmpfs "$D"
step sim1 simulate --db "$D/lab.duckdb" --profile servo --machines 2 --duration 10m --seed 1
step count1 sql --db "$D/lab.duckdb" ${COUNT}
# Leave about 1 MB free.
avail=$(df --output=avail -B1 "$D" | tail -1)
head -c $((avail - 1048576)) /dev/zero > "$D/filler"
step sim2 simulate --db "$D/lab.duckdb" --profile servo --machines 20 --duration 1h --seed 2 --start 2026-03-05T00:00:00Z
step count2 sql --db "$D/lab.duckdb" ${COUNT}
rm "$D/filler"
step sim3 simulate --db "$D/lab.duckdb" --profile servo --machines 2 --duration 10m --seed 3 --start 2026-03-06T00:00:00Z
step count3 sql --db "$D/lab.duckdb" ${COUNT}
umount "$D"
`,
    );
    expect(s.sim1!.code, s.sim1!.stderr).toBe(0);
    const before = count(s.count1!);
    expect(before).toBe(2 * 3 * 6000);
    expectOneLineError(s.sim2!, 1, /^servolab simulate: error: disk full: cannot write workspace .*lab\.duckdb \(no space left on device\); the change was rolled back/);
    expect(s.count2!.code, s.count2!.stderr).toBe(0);
    expect(count(s.count2!)).toBe(before);
    expect(s.sim3!.code, s.sim3!.stderr).toBe(0);
    expect(count(s.count3!)).toBe(2 * before);
  }, 300_000);

  it('a read-only workspace opens for reading; writes and new workspaces there are refused in one line', () => {
    const s = inNamespace(
      'readonly',
      `step sim1 simulate --db "$D/lab.duckdb" --profile servo --machines 2 --duration 10m --seed 1
mount --bind "$D" "$D" && mount -o remount,bind,ro "$D"
step stats stats --db "$D/lab.duckdb" --json
step count sql --db "$D/lab.duckdb" ${COUNT}
step sim2 simulate --db "$D/lab.duckdb" --profile servo --machines 2 --duration 10m --seed 2 --start 2026-03-05T00:00:00Z
step create simulate --db "$D/new.duckdb" --profile servo --machines 1 --duration 1m --seed 1
umount "$D"
step after sql --db "$D/lab.duckdb" ${COUNT}
`,
    );
    expect(s.sim1!.code, s.sim1!.stderr).toBe(0);
    expect(s.stats!.code, s.stats!.stderr).toBe(0);
    expect((JSON.parse(s.stats!.stdout) as { series: unknown[] }).series).toHaveLength(6);
    expect(count(s.count!)).toBe(36_000);
    expectOneLineError(s.sim2!, 1, /workspace .*lab\.duckdb is read-only \(a read-only file, folder or medium\); nothing was changed/);
    expectOneLineError(s.create!, 1, /cannot create workspace .*new\.duckdb: its folder is read-only/);
    expect(count(s.after!)).toBe(36_000);
  }, 300_000);
});
