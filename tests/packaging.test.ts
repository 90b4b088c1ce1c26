import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, matchesGlob, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The installer configuration (electron-builder.json) cannot be exercised by building installers
 * here — that needs Electron's download — so this checks what decides a working package: the
 * configuration passes electron-builder's own schema, names every target, unpacks DuckDB's native
 * binding from the asar, and packages exactly what `electron-vite build` writes.
 */
const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId: string;
  productName: string;
  /** Normalised by electron-builder into file sets. */
  files: (string | { from?: string; filter?: string[] })[];
  asarUnpack: string[];
  extraResources: { from: string; to: string }[];
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
}

async function loadConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    getConfig(projectDir: string): Promise<BuilderConfig>;
    validateConfiguration(config: BuilderConfig, logger: { isEnabled: boolean; add(): void }): Promise<void>;
  };
  const config = await getConfig(root);
  await validateConfiguration(config, { isEnabled: false, add: () => undefined });
  return config;
}

/** electron-builder's file-set semantics: included by some pattern, not excluded by a later `!` one. */
function packaged(files: BuilderConfig['files'], file: string): boolean {
  const patterns = files.flatMap((set) => (typeof set === 'string' ? [set] : set.from === undefined ? (set.filter ?? []) : []));
  let included = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matchesGlob(file, pattern.slice(1))) included = false;
    } else if (matchesGlob(file, pattern)) included = true;
  }
  return included;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('installer configuration (electron-builder)', () => {
  it("passes electron-builder's schema and names the app and every installer target", async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('org.servolab.desktop');
    expect(config.productName).toBe('ServoLab');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    for (const icon of new Set([config.linux.icon, config.win.icon, config.mac.icon])) {
      const { width, height } = pngSize(join(root, icon));
      expect(Math.min(width, height)).toBeGreaterThanOrEqual(512); // macOS needs 512 px
    }
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.dist).toMatch(/^electron-vite build && electron-builder/);
  });

  it("unpacks DuckDB's native binding (and the library beside it) from the asar", async () => {
    const config = await loadConfig();
    const binding = require.resolve(`@duckdb/node-bindings-${process.platform}-${process.arch}/duckdb.node`);
    const natives = filesUnder(join(binding, '..')).filter((f) => /\.(node|so|dylib|dll)$/.test(f));
    expect(natives.length).toBeGreaterThan(0);
    for (const file of natives) {
      const path = relative(root, file);
      expect(config.asarUnpack.some((pattern) => matchesGlob(path, pattern)), path).toBe(true);
    }
    // The JavaScript side stays inside the asar.
    expect(config.asarUnpack.some((pattern) => matchesGlob('node_modules/@duckdb/node-api/lib/index.js', pattern))).toBe(false);
  });

  it('ships the sample data the demos and tests use as extra resources', async () => {
    const config = await loadConfig();
    for (const { from } of config.extraResources) expect(existsSync(join(root, from)), from).toBe(true);
    expect(config.extraResources.map((r) => r.to)).toEqual(expect.arrayContaining(['data', 'demos']));
  });

  const built = existsSync(join(root, 'out', 'main', 'index.js')) && existsSync(join(root, 'out', 'renderer', 'index.html'));
  if (!built) console.warn('skipping the packaged-files check: the app is not built (npm run build)');
  it.skipIf(!built)('packages exactly the app electron-vite builds: main, preload, renderer — no CLI, bench page or source maps', async () => {
    const config = await loadConfig();
    const main = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string }).main;
    expect(packaged(config.files, main)).toBe(true);
    expect(packaged(config.files, 'package.json')).toBe(true);
    const outputs = ['main', 'preload', 'renderer'].flatMap((d) => filesUnder(join(root, 'out', d))).map((f) => relative(root, f));
    const wanted = outputs.filter((f) => !f.endsWith('.map') && !/bench/.test(f));
    expect(wanted.length).toBeGreaterThan(3);
    for (const file of wanted) expect(packaged(config.files, file), file).toBe(true);
    for (const file of outputs.filter((f) => f.endsWith('.map') || /bench/.test(f))) expect(packaged(config.files, file), file).toBe(false);
    for (const file of filesUnder(join(root, 'out', 'cli')).map((f) => relative(root, f))) expect(packaged(config.files, file), file).toBe(false);
    for (const file of ['core/api/lab.ts', 'renderer/src/LabApp.tsx', 'tests/packaging.test.ts']) expect(packaged(config.files, file)).toBe(false);
  });
});
