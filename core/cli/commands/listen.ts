import QRCode from 'qrcode';
import { Ingestor } from '../../ingest/ingestor';
import { DEFAULT_MAX_BODY, DEFAULT_RATE, startPushListener } from '../../ingest/http/push-listener';
import { LabMetrics } from '../../monitor/metrics';
import { choiceOption, integerOption, requireString, tokenOption } from '../args';
import { withWorkspace, type Command } from '../command';
import { printJson } from '../output';

export const listenCommand: Command = {
  name: 'listen',
  summary: 'HTTP push ingest: POST /sensor (ServoSense JSON) and /push (Sensor Logger) into a workspace, token required',
  usage:
    'servolab listen --db FILE [--port P] [--host 127.0.0.1|0.0.0.0] [--token T] [--max-body BYTES] [--rate N] [--metrics] [--qr] [--json]',
  options: {
    db: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    'max-body': { type: 'string' },
    rate: { type: 'string' },
    metrics: { type: 'boolean' },
    qr: { type: 'boolean' },
  },
  async run(values, io) {
    const db = requireString(values, 'db');
    const host = choiceOption(values, 'host', ['127.0.0.1', '0.0.0.0'] as const, '127.0.0.1');
    const port = integerOption(values, 'port', 0, 65_535, 0);
    const token = tokenOption(values);
    const maxBodyBytes = integerOption(values, 'max-body', 1024, 64 << 20, DEFAULT_MAX_BODY);
    const ratePerSecond = integerOption(values, 'rate', 1, 100_000, DEFAULT_RATE);
    await withWorkspace(db, true, async (ws) => {
      const ingestor = await Ingestor.create(ws);
      const metrics = values.metrics ? new LabMetrics({ ingestor, ws }) : undefined;
      const listener = await startPushListener({ ingestor, host, port, maxBodyBytes, ratePerSecond, ...(token ? { token } : {}), ...(metrics ? { metrics } : {}) });
      if (values.json) {
        printJson(io, { url: listener.url, port: listener.port, token: listener.token, pushUrl: listener.pushUrl, host, db, metrics: metrics ? `${listener.url}/metrics` : null });
      } else {
        io.out(
          [
            `ServoLab is listening on ${listener.url} for ${db}${host === '0.0.0.0' ? ' (LAN)' : ''}`,
            `token ${listener.token}  (Authorization: Bearer <token>, or ?token=<token> in the URL)`,
            `  POST ${listener.url}/sensor   ServoSense JSON {"machine_id", "temperature", …}`,
            `  POST ${listener.url}/push     Sensor Logger push; in the app use ${listener.pushUrl}`,
            `  GET  ${listener.url}/sensor?machine=&limit=   GET ${listener.url}/health${metrics ? `   GET ${listener.url}/metrics` : ''}`,
            '(Ctrl-C stops)',
          ].join('\n'),
        );
        if (values.qr) io.out(await QRCode.toString(listener.pushUrl, { type: 'terminal', small: true }));
      }
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await listener.close();
      metrics?.dispose();
      await ws.idle();
      const s = listener.status();
      if (!values.json) io.out(`stopped: ${s.requests} pushes, ${s.stored} readings stored, ${s.quarantined} quarantined`);
    });
  },
};
