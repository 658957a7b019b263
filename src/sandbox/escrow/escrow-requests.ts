import { z } from 'zod';
import { EscrowErrors } from './escrow-errors';

/** Stripe's own limit on idempotency keys. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export const EscrowCreateSchema = z.strictObject({
  amount: z.number({ error: 'amount must be a number' }).int('amount must be a whole number of minor units').positive('amount must be positive'),
  currency: z
    .string({ error: 'currency must be a string' })
    .regex(/^[A-Za-z]{3}$/, 'currency must be a three-letter ISO code')
    // Stripe answers currencies in lower case, whatever was sent.
    .transform((c) => c.toLowerCase()),
  order_id: z.string({ error: 'order_id must be a string' }).min(1, 'order_id must not be empty').max(200, 'order_id must be at most 200 characters'),
  reason: z.string({ error: 'reason must be a string' }).max(500, 'reason must be at most 500 characters').optional(),
});
export type EscrowCreateParams = z.infer<typeof EscrowCreateSchema>;

export const EscrowListQuerySchema = z.object({
  order_id: z.string({ error: 'order_id is required' }).min(1, 'order_id must not be empty').max(200, 'order_id must be at most 200 characters'),
});

/** Parses with `schema` or throws the provider's 400, naming the first offending parameter. */
export function parseParams<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const param = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.') || 'body';
  throw EscrowErrors.invalidParameter(param, issue.message);
}

export function parseIdempotencyKey(header: string | undefined): string {
  const key = header?.trim();
  if (!key || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) throw EscrowErrors.idempotencyKeyMissing();
  return key;
}
