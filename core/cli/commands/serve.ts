import { LabError } from '../../model';
import type { Lab } from '../../api/lab';
import { dirname, join, resolve } from 'node:path';
import { startBridge } from '../../bridge/server';
import { newToken } from '../../bridge/token';
import { startMetricsServer } from '../../monitor/metrics-server';
import { choiceOption, integerOption, optionalString, tokenOption } from '../args';
import { rendererDir } from '../bundle-paths';
import type { Command } from '../command';
import { printJson } from '../output';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'browser mode: serve the app and its API on 127.0.0.1 with a token',
  usage: 'servolab serve [--db FILE] [--port P] [--host 127.0.0.1|0.0.0.0] [--token T] [--metrics-port P] [--log-dir DIR] [--json]',
  options: {
    db: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    'metrics-port': { type: 'string' },
    'log-dir': { type: 'string' },
  },
  async run(values, io) {
    const db = optionalString(values, 'db') ?? 'servolab.duckdb';
    const port = integerOption(values, 'port', 0, 65_535, 0);
    const host = choiceOption(values, 'host', ['127.0.0.1', '0.0.0.0'] as const, '127.0.0.1');
    const token = tokenOption(values) ?? newToken();
    // Structured logs beside the workspace (logs/), the token known to them as a secret.
    const logDir = db === ':memory:' ? null : (optionalString(values, 'log-dir') ?? join(dirname(resolve(db)), 'logs'));
    const logging = import('../../log/lab-log').then(async ({ LabLog }) => {
      const log = await LabLog.create({ dir: logDir });
      log.addSecret(token);
      return log;
    });
    const dir = rendererDir();
    if (!dir) throw new LabError('io', "the renderer is not built; run 'npm run build' first");
    // The engine (DuckDB) loads and the workspace opens while the server already serves the page.
    const openLab = (path: string): Promise<Lab> => Promise.all([import('../../api/lab'), logging]).then(([{ Lab }, log]) => Lab.open(path, { log }));
    const opening = openLab(db);
    // openLab also lets a demo opened from the page switch the server to the demo's own workspace.
    const bridge = await startBridge({ lab: opening, rendererDir: dir, host, port, openLab, token });
    // Opt-in Prometheus endpoint on the same host, guarded by the same token (as a Bearer credential).
    const metrics = optionalString(values, 'metrics-port') === undefined
      ? null
      : await startMetricsServer({
          metrics: opening.then(async (lab) => (await import('../../monitor/lab-metrics')).labMetrics(lab)),
          host,
          port: integerOption(values, 'metrics-port', 0, 65_535, 0),
          token: bridge.token,
        });
    if (values.json) printJson(io, { url: bridge.url, port: bridge.port, token: bridge.token, db, metrics: metrics?.url ?? null });
    else io.out(`ServoLab is serving ${db}\nopen ${bridge.url}\n${metrics ? `metrics ${metrics.url} (Authorization: Bearer <the token above>)\n` : ''}(Ctrl-C stops)`);
    try {
      await opening;
    } catch (e) {
      await metrics?.close();
      await bridge.close(); // a workspace that cannot open (corrupt, newer, locked) ends serve
      throw e;
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await metrics?.close();
    const lab = await bridge.lab();
    await bridge.close();
    await lab.close();
    await (await logging).close();
  },
};
