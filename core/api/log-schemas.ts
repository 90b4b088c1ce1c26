import { z } from 'zod';
import { LOG_COMPONENTS, LOG_LEVELS } from '../log/log-types';

/** Request schemas of the log panel's methods. */
export const logRequestSchemas = {
  /** The newest entries at or above a level, optionally of one component. */
  logsList: z.object({ level: z.enum(LOG_LEVELS).default('info'), component: z.enum(LOG_COMPONENTS).optional(), limit: z.number().int().min(1).max(2000).default(300) }).strict(),
  /** An entry from the UI itself (an error it showed, say). */
  logWrite: z.object({ level: z.enum(['info', 'warn', 'error']), message: z.string().min(1).max(2000) }).strict(),
} as const;
