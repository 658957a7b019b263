import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The body is optional: without one, the token lives CUSTOMER_TOKEN_TTL_MS. */
export const IssueCustomerTokenSchema = z.preprocess(
  (body) => body ?? {},
  z.strictObject({
    /** A shorter life suits a one-off link; a year is the most a link to one order should need. */
    ttlMs: z.number().int().min(MINUTE).max(365 * DAY).optional(),
  }),
);
export class IssueCustomerTokenDto extends createZodDto(IssueCustomerTokenSchema) {}

export interface CustomerTokenResponse {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
  /** The tracking page for this order, `${PUBLIC_BASE_URL}/t/{token}`. */
  trackingUrl: string;
}
