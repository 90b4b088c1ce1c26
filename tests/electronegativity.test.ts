import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * Doyensec Electronegativity over the BUILT app (out/: main, preload, renderer), as CI builds it
 * before testing. Its release-feed check is left out: it downloads Electron's release list, and
 * CI may have no internet (the Electron version is given instead).
 */
const OUT = join(import.meta.dirname, '..', 'out');
const built = existsSync(join(OUT, 'main')) && existsSync(join(OUT, 'renderer', 'index.html'));
if (!built) console.warn('Electronegativity skipped: the app is not built (npm run build)');
const require = createRequire(import.meta.url);

describe.runIf(built)('Electronegativity', () => {
  it('finds nothing of high or medium severity in the built app', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'servolab-eneg-')), 'report.csv');
    const cli = require.resolve('@doyensec/electronegativity/dist/index.js');
    const electron = (require('electron/package.json') as { version: string }).version;
    await promisify(execFile)(process.execPath, [cli, '-i', OUT, '-e', electron, '-r', '-x', 'AvailableSecurityFixesGlobalCheck', '-o', report], { timeout: 120_000 });
    const rows = readFileSync(report, 'utf8').split('\n').slice(1).filter((line) => /^[A-Z_]+,"/.test(line));
    const findings = rows.map((line) => {
      const [issue, severity, , file, location] = line.split(',');
      return { issue, severity: severity!.replaceAll('"', ''), where: `${file?.replaceAll('"', '')}:${location?.replaceAll('"', '')}` };
    });
    expect(findings.length).toBeGreaterThan(0); // it did read the app (the CSP's inline styles are a low finding)
    expect(findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM')).toEqual([]);
  }, 180_000);
});
