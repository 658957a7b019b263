import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const positive = (what: string, max: number) =>
  z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(1, `${what} must be at least 1`).max(max, `${what} must be at most ${max}`);

export const SmtpSinkFaultSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('slow'), delayMs: positive('delayMs', 120_000) }),
    z.strictObject({ kind: z.literal('delay'), delayMs: positive('delayMs', 120_000) }),
  ],
  { error: 'fault.kind must be slow or delay' },
);

/** One request can reset and queue a fault, in that order. `count` (default 1) says how many messages the fault hits. */
export const SmtpSinkControlsSchema = z
  .strictObject({
    reset: z.boolean({ error: 'reset must be true or false' }).optional(),
    fault: SmtpSinkFaultSchema.optional(),
    count: positive('count', 10_000).optional(),
  })
  .refine((body) => body.count === undefined || body.fault !== undefined, { message: 'count needs a fault', path: ['count'] });
export class SmtpSinkControlsDto extends createZodDto(SmtpSinkControlsSchema) {}
