import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { SANDBOX_CARRIERS } from './sandbox-carriers';
import { ScenarioNameSchema } from './scenarios';

/** Faster than this and a two-day scenario would finish within a millisecond. */
export const MAX_SANDBOX_SPEED = 1_000_000;
export const MAX_MAIL_LIST_LIMIT = 1_000;

const shown = (input: unknown): string => (typeof input === 'string' ? input : JSON.stringify(input));

const SandboxCarrierSchema = z.enum(SANDBOX_CARRIERS, {
  error: (issue) =>
    issue.input === undefined
      ? `carrier is required; supported carriers: ${SANDBOX_CARRIERS.join(', ')}`
      : `carrier ${shown(issue.input)} is not supported by the sandbox yet`,
});

export const CreateParcelSchema = z.strictObject({
  carrier: SandboxCarrierSchema,
  scenario: ScenarioNameSchema,
  speed: z
    .number({ error: 'speed must be a number' })
    .positive('speed must be greater than 0')
    .max(MAX_SANDBOX_SPEED, `speed must be at most ${MAX_SANDBOX_SPEED}`)
    .optional(),
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
