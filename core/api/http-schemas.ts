import { z } from 'zod';

/** Request schemas of the push listener's methods, spread into `requestSchemas`. */
export const httpRequestSchemas = {
  httpStart: z
    .object({
      /** The LAN only when the user turns it on. */
      host: z.enum(['127.0.0.1', '0.0.0.0']).default('127.0.0.1'),
      port: z.number().int().min(0).max(65_535).default(0),
      maxBodyBytes: z.number().int().min(1024).max(64 << 20).default(1 << 20),
      ratePerSecond: z.number().int().min(1).max(100_000).default(50),
    })
    .strict(),
  httpStop: z.object({}).strict(),
  httpStatus: z.object({}).strict(),
} as const;
