import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { isE164 } from '../../../activities/notifications/sms/phone-numbers';

const positive = (what: string, max: number) =>
  z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(1, `${what} must be at least 1`).max(max, `${what} must be at most ${max}`);

const e164 = (what: string) =>
  z.string({ error: `${what} must be a string` }).refine(isE164, `${what} must be a valid phone number in E.164, like +14155550123`);

export const QueueSmsFaultSchema = z.strictObject({
  fault: z.discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('server_error') }),
      z.strictObject({ kind: z.literal('rate_limited') }),
      z.strictObject({ kind: z.literal('timeout'), delayMs: positive('delayMs', 120_000).optional() }),
      z.strictObject({ kind: z.literal('delay'), delayMs: positive('delayMs', 120_000) }),
    ],
    { error: 'fault.kind must be server_error, rate_limited, timeout or delay' },
  ),
  count: positive('count', 10_000),
});
export class QueueSmsFaultDto extends createZodDto(QueueSmsFaultSchema) {}

export const StoppedNumberSchema = z.strictObject({ number: e164('number') });
export class StoppedNumberDto extends createZodDto(StoppedNumberSchema) {}

export const MAX_SMS_LIST_LIMIT = 500;

export const ListSmsQuerySchema = z.strictObject({
  // An unencoded `+` in a query string arrives as a space.
  to: z.preprocess((v) => (typeof v === 'string' ? v.replace(/^ (?=\d)/, '+') : v), e164('to')).optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(MAX_SMS_LIST_LIMIT, `limit must be at most ${MAX_SMS_LIST_LIMIT}`)
    .default(50),
});
export class ListSmsQueryDto extends createZodDto(ListSmsQuerySchema) {}
