import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const positive = (what: string, max: number) =>
  z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(1, `${what} must be at least 1`).max(max, `${what} must be at most ${max}`);

export const QueueEscrowFaultSchema = z.strictObject({
  fault: z.discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('server_error') }),
      z.strictObject({ kind: z.literal('timeout_after_commit'), delayMs: positive('delayMs', 120_000).optional() }),
      z.strictObject({
        kind: z.literal('decline'),
        code: z.string().regex(/^[a-z_]{1,64}$/, 'code must be lower-case letters and underscores, like balance_insufficient').optional(),
      }),
      z.strictObject({ kind: z.literal('slow'), delayMs: positive('delayMs', 120_000) }),
    ],
    { error: 'fault.kind must be server_error, timeout_after_commit, decline or slow' },
  ),
  count: positive('count', 10_000),
  endpoint: z.enum(['transfers', 'refunds'], { error: 'endpoint must be transfers or refunds' }).optional(),
});
export class QueueEscrowFaultDto extends createZodDto(QueueEscrowFaultSchema) {}
