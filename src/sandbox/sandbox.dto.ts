import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { isSandboxCarrier, SANDBOX_CARRIERS } from './sandbox-carriers';
import { ScenarioNameSchema } from './scenarios';

/** Faster than this and a two-day scenario would finish within a millisecond. */
export const MAX_SANDBOX_SPEED = 1_000_000;
export const MAX_MAIL_LIST_LIMIT = 1_000;

const shown = (input: unknown): string => (typeof input === 'string' ? input : JSON.stringify(input));

const SandboxCarrierSchema = z
  .string({ error: `carrier is required; supported carriers: ${SANDBOX_CARRIERS.join(', ')}` })
  .refine(isSandboxCarrier, { error: (issue) => `carrier ${shown(issue.input)} is not supported by the sandbox` });

export const CreateParcelSchema = z.strictObject({
  carrier: SandboxCarrierSchema,
  scenario: ScenarioNameSchema,
  speed: z
    .number({ error: 'speed must be a number' })
    .positive('speed must be greater than 0')
    .max(MAX_SANDBOX_SPEED, `speed must be at most ${MAX_SANDBOX_SPEED}`)
    .optional(),
  push: z.boolean({ error: 'push must be true or false' }).optional(),
});
export class CreateParcelDto extends createZodDto(CreateParcelSchema) {}

export const TrackingNumberParamSchema = z.strictObject({
  trackingNumber: z
    .string()
    .regex(/^[A-Za-z0-9]{7,40}$/, 'trackingNumber must be 7 to 40 letters and digits'),
});
export class TrackingNumberParamDto extends createZodDto(TrackingNumberParamSchema) {}

export const ListMailQuerySchema = z.strictObject({
  to: z.email('to must be an email address').max(320).optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(MAX_MAIL_LIST_LIMIT, `limit must be at most ${MAX_MAIL_LIST_LIMIT}`)
    .default(100),
});
export class ListMailQueryDto extends createZodDto(ListMailQuerySchema) {}

export const CarrierParamSchema = z.strictObject({ carrier: SandboxCarrierSchema });
export class CarrierParamDto extends createZodDto(CarrierParamSchema) {}

const count = (what: string, max: number) =>
  z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(0, `${what} must not be negative`).max(max, `${what} must be at most ${max}`);
const positive = (what: string, max: number) => count(what, max).min(1, `${what} must be at least 1`);

export const CarrierLimitsPatchSchema = z
  .strictObject({
    rateLimit: z.strictObject({ calls: positive('rateLimit.calls', 1_000_000), windowMs: positive('rateLimit.windowMs', 86_400_000) }).optional(),
    quota: z.strictObject({ calls: count('quota.calls', 100_000_000), windowMs: positive('quota.windowMs', 31 * 86_400_000) }).nullable().optional(),
    tokenTtlSeconds: positive('tokenTtlSeconds', 31 * 86_400).optional(),
    latencyMs: count('latencyMs', 120_000).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one of rateLimit, quota, tokenTtlSeconds, latencyMs');
export class CarrierLimitsPatchDto extends createZodDto(CarrierLimitsPatchSchema) {}

export const QueueFaultSchema = z.strictObject({
  fault: z.discriminatedUnion(
    'kind',
    [
      z.strictObject({
        kind: z.literal('status'),
        status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)], { error: 'status must be 429, 500, 502, 503 or 504' }),
        retryAfterSeconds: positive('retryAfterSeconds', 86_400).optional(),
      }),
      z.strictObject({ kind: z.literal('malformed') }),
      z.strictObject({ kind: z.literal('slow'), delayMs: positive('delayMs', 120_000) }),
    ],
    { error: 'fault.kind must be status, malformed or slow' },
  ),
  count: positive('count', 10_000),
  endpoint: z.enum(['token', 'track'], { error: 'endpoint must be token or track' }).optional(),
});
export class QueueFaultDto extends createZodDto(QueueFaultSchema) {}
