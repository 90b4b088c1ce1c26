import { firstLineOf } from '../model';
import type { LabLog, LogComponent } from './lab-log';

/** Which component a LabApi method belongs to, by its name. */
function componentOf(method: string): LogComponent {
  if (method.startsWith('simulation') || method === 'liveSubscribe') return 'sim';
  if (method.startsWith('kafka')) return 'kafka';
  if (method.startsWith('http')) return 'http';
  if (/^(train|model|predictions|alerts)/.test(method)) return 'ml';
  if (method.startsWith('demo')) return 'app';
  if (method.startsWith('log')) return 'ui';
  return 'store';
}

/** Calls that change something (logged at info); the many reads (m4, stats, …) only at debug. */
const ACTION = /(Start|Stop|Run|Cancel|Open|Promote|Detect)$|^export/;

/**
 * One entry per LabApi call: what was asked (its request, with secret-named fields redacted by
 * the log) and how it ended. A failure is a warning with its code and one-line message.
 */
export async function loggedCall<T>(log: LabLog, method: string, params: unknown, run: () => Promise<T>): Promise<T> {
  const logger = log.for(componentOf(method));
  const started = performance.now();
  try {
    const result = await run();
    const ms = Math.round(performance.now() - started);
    if (ACTION.test(method)) logger.info({ method, request: params, ms }, `${method} done`);
    else if (method !== 'logsList') logger.debug({ method, ms }, `${method} done`);
    return result;
  } catch (e) {
    const error = e as { code?: string; message?: string };
    logger.warn({ method, request: params, code: error.code ?? 'internal', error: firstLineOf(e) }, `${method} failed`);
    throw e;
  }
}
