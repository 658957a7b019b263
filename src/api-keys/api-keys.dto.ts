import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { API_ROLES } from '../auth/api-keys';

/** Strict, like every request here: an unknown field is a 400, so no request can set a key's digest, ID or dates. */

const DAY_SECONDS = 24 * 3600;

/** A name for people ("Shopify production"): letters, digits, spaces and a little punctuation, nothing that could forge a log line. */
const Label = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{N} ._:/()#@+-]+$/u, 'label may contain letters, digits, spaces and . _ : / ( ) # @ + -');

export const CreateApiKeySchema = z.strictObject({
  role: z.enum(API_ROLES),
  label: Label,
  /** When the key stops working by itself; ISO 8601 with an offset, in the future. */
  expiresAt: z.iso
    .datetime({ offset: true, message: 'expiresAt must be an ISO 8601 date-time with an offset, e.g. 2027-01-31T00:00:00Z' })
    .refine((value) => Date.parse(value) > Date.now(), 'expiresAt must be in the future')
    .optional(),
});
export class CreateApiKeyDto extends createZodDto(CreateApiKeySchema) {}

/** The body is optional: without one the old key stops at once. */
export const RotateApiKeySchema = z.preprocess(
  (body) => body ?? {},
  z.strictObject({
    /** How long the old key keeps working beside the new one, while callers switch; 0 (the default) ends it now. At most 30 days. */
    gracePeriodSeconds: z.number().int().min(0).max(30 * DAY_SECONDS).default(0),
    /** The new key's label; the old key's when left out. */
    label: Label.optional(),
  }),
);
export class RotateApiKeyDto extends createZodDto(RotateApiKeySchema) {}

export const ListApiKeysQuerySchema = z.strictObject({
  includeRevoked: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});
export class ListApiKeysQueryDto extends createZodDto(ListApiKeysQuerySchema) {}

export const KeyIdParamSchema = z.strictObject({
  keyId: z.string().regex(/^key_[0-9a-f]{12}$/, 'keyId is key_ followed by 12 hex digits, as GET /v1/api-keys lists it'),
});
export class KeyIdParamDto extends createZodDto(KeyIdParamSchema) {}
