import { LabError } from '../../model';
import { Lab } from '../../api/lab';
import { startBridge } from '../../bridge/server';
import { choiceOption, integerOption, optionalString } from '../args';
import { rendererDir } from '../bundle-paths';
import type { Command } from '../command';
import { printJson } from '../output';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'browser mode: serve the app and its API on 127.0.0.1 with a token',
  usage: 'servolab serve [--db FILE] [--port P] [--host 127.0.0.1|0.0.0.0] [--token T] [--json]',
  options: {
    db: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
  },
  async run(values, io) {
    const db = optionalString(values, 'db') ?? 'servolab.duckdb';
    const port = integerOption(values, 'port', 0, 65_535, 0);
    const host = choiceOption(values, 'host', ['127.0.0.1', '0.0.0.0'] as const, '127.0.0.1');
    const token = optionalString(values, 'token');
    if (token !== undefined && !/^[\w-]{16,}$/.test(token)) throw new LabError('usage', '--token needs at least 16 letters, digits, _ or -');
    const dir = rendererDir();
    if (!dir) throw new LabError('io', "the renderer is not built; run 'npm run build' first");
    const lab = await Lab.open(db);
    const bridge = await startBridge({ lab, rendererDir: dir, host, port, ...(token ? { token } : {}) });
    if (values.json) printJson(io, { url: bridge.url, port: bridge.port, token: bridge.token, db });
    else io.out(`ServoLab is serving ${db}\nopen ${bridge.url}\n(Ctrl-C stops)`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await bridge.close();
    await lab.close();
  },
};
