import { z } from 'zod';

/** Request schemas of the teaching demos' methods. */
export const demoRequestSchemas = {
  demosList: z.object({}).strict(),
  demoOpen: z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'a demo id is lower-case letters, digits and -') }).strict(),
} as const;
