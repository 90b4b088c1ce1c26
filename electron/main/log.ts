import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The desktop app's log: one line per event in `main.log` of Electron's logs folder (what Help →
 * Open Logs Folder shows). Logging must never take the app down, so write failures are ignored.
 */
export function createLog(folder: () => string): (level: 'info' | 'error', message: string) => void {
  return (level, message) => {
    try {
      const dir = folder();
      mkdirSync(dir, { recursive: true });
      appendFileSync(join(dir, 'main.log'), `${new Date().toISOString()} ${level} ${message.replaceAll('\n', ' ')}\n`);
    } catch {
      // no log is better than no app
    }
  };
}
