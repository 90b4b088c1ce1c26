import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newToken } from '../../core/bridge/token';
import { labMetrics } from '../../core/monitor/lab-metrics';
import type { LabMetrics } from '../../core/monitor/metrics';
import { startMetricsServer, type MetricsServer } from '../../core/monitor/metrics-server';
import type { Lab } from '../../core/api/lab';

export interface DesktopMetricsOptions {
  port: number;
  token: string | null;
}

/**
 * `--metrics-port=P [--metrics-token=T]` on the app's command line (or SERVOLAB_METRICS_PORT /
 * SERVOLAB_METRICS_TOKEN): the opt-in Prometheus endpoint of the desktop app. Off otherwise.
 */
export function metricsOptions(argv: readonly string[], env: NodeJS.ProcessEnv): DesktopMetricsOptions | null {
  const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const port = flag('metrics-port') ?? env.SERVOLAB_METRICS_PORT;
  if (port === undefined) return null;
  const value = Number(port);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new Error(`--metrics-port must be 0 to 65535, got "${port}"`);
  const token = flag('metrics-token') ?? env.SERVOLAB_METRICS_TOKEN ?? null;
  if (token !== null && !/^[\w-]{16,}$/.test(token)) throw new Error('--metrics-token needs at least 16 letters, digits, _ or -');
  return { port: value, token };
}

/**
 * Serves the metrics of whichever workspace is open (they follow File → Open and demos) on
 * 127.0.0.1. A token not given is generated and written, readable by the user only, to
 * `metrics-token` in the user-data folder — Prometheus reads it with `credentials_file`.
 */
export async function startDesktopMetrics(options: DesktopMetricsOptions, currentLab: () => Lab | null, userData: string): Promise<MetricsServer & { tokenFile: string | null }> {
  let bound: { lab: Lab; metrics: LabMetrics } | null = null;
  const metrics = (): LabMetrics => {
    const lab = currentLab();
    if (!lab) throw new Error('no workspace is open');
    if (bound?.lab !== lab) {
      bound?.metrics.dispose();
      bound = { lab, metrics: labMetrics(lab) };
    }
    return bound.metrics;
  };
  const token = options.token ?? newToken();
  let tokenFile: string | null = null;
  if (!options.token) {
    tokenFile = join(userData, 'metrics-token');
    writeFileSync(tokenFile, token, { mode: 0o600 });
    chmodSync(tokenFile, 0o600);
  }
  const server = await startMetricsServer({ metrics, port: options.port, token });
  return { ...server, tokenFile };
}
