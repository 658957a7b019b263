import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const MAX_MOBILE_PUSH_LIST_LIMIT = 500;

const positive = (what: string, max: number) =>
  z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(1, `${what} must be at least 1`).max(max, `${what} must be at most ${max}`);

const customerRefs = (what: string) =>
  z
    .array(z.string({ error: `${what} must hold strings` }).min(1, `${what} must not hold empty strings`).max(200, `${what} entries must be at most 200 characters`), {
      error: `${what} must be an array of customerRefs`,
    })
    .max(1_000, `${what} must hold at most 1000 customerRefs`);

export const MobilePushFaultSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('server_error') }),
    z.strictObject({ kind: z.literal('rate_limited'), retryAfterSeconds: positive('retryAfterSeconds', 3_600).optional() }),
    z.strictObject({ kind: z.literal('slow'), delayMs: positive('delayMs', 120_000) }),
    z.strictObject({ kind: z.literal('delay'), delayMs: positive('delayMs', 120_000) }),
  ],
  { error: 'fault.kind must be server_error, rate_limited, slow or delay' },
);

/**
 * One request can reset, change the no-devices list and queue a fault; they apply in that order.
 * `count` (default 1) says how many notifications the fault hits.
 */
export const MobilePushControlsSchema = z
  .strictObject({
    reset: z.boolean({ error: 'reset must be true or false' }).optional(),
    fault: MobilePushFaultSchema.optional(),
    count: positive('count', 10_000).optional(),
    noDevices: z
      .strictObject({
        add: customerRefs('noDevices.add').optional(),
        remove: customerRefs('noDevices.remove').optional(),
        clear: z.boolean({ error: 'noDevices.clear must be true or false' }).optional(),
      })
      .optional(),
  })
  .refine((body) => body.count === undefined || body.fault !== undefined, { message: 'count needs a fault', path: ['count'] });
export class MobilePushControlsDto extends createZodDto(MobilePushControlsSchema) {}

export const ListMobilePushQuerySchema = z.strictObject({
  orderId: z.string().min(1, 'orderId must not be empty').max(200, 'orderId must be at most 200 characters').optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(MAX_MOBILE_PUSH_LIST_LIMIT, `limit must be at most ${MAX_MOBILE_PUSH_LIST_LIMIT}`)
    .default(50),
});
export class ListMobilePushQueryDto extends createZodDto(ListMobilePushQuerySchema) {}
