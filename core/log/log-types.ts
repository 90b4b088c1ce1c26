/** Log vocabulary shared with the renderer (dependency-free). */
export const LOG_COMPONENTS = ['app', 'store', 'sim', 'kafka', 'http', 'ml', 'ui'] as const;
export type LogComponent = (typeof LOG_COMPONENTS)[number];
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogEntry {
  time: number;
  level: LogLevel;
  component: string;
  msg: string;
  /** The entry's other fields (already redacted). */
  detail: Record<string, unknown>;
}
