import { z } from 'zod';

/*
 * Schemas for what USPS sends back (Tracking 3.2.6 OpenAPI, carriers.md §4). Carrier responses are
 * untrusted input: every field Waybill uses is checked, unused fields are dropped (z.object strips
 * unknown keys) so USPS can add fields freely. USPS sends nulls and empty strings for absent values,
 * and booleans as the strings "true"/"false" (karrio fixture); all of that is normalised here.
 */

/** Optional free text: "", null and missing all mean absent. */
const optionalText = z
  .string()
  .nullish()
  .transform((value) => value?.trim() || undefined);

/** A short code such as an event code ("01", "OF") or an action/reason code. */
const optionalCode = (pattern: RegExp) =>
  optionalText.refine((value) => value === undefined || pattern.test(value), { message: `must match ${pattern}` });

/** `true`, `"true"`, `"TRUE"`: USPS types booleans as strings in live answers. */
const optionalBoolean = z
  .union([z.boolean(), z.string()])
  .nullish()
  .transform((value) => (typeof value === 'string' ? parseBooleanText(value) : (value ?? undefined)));

/** "-05:00" in live answers, "-7:00" in the OpenAPI example; "+0530" tolerated. */
export const USPS_GMT_OFFSET_PATTERN = /^([+-])(\d{1,2}):?(\d{2})$/;

/** Local wall-clock time without a zone, as in `eventTimestamp` ("2024-11-22T13:58:00"). */
export const USPS_LOCAL_DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** A local date-time that is a real calendar day and time of day. */
const localDateTime = z
  .string()
  .trim()
  .regex(USPS_LOCAL_DATE_TIME_PATTERN, 'expected YYYY-MM-DDTHH:MM[:SS]')
  .refine(isRealLocalDateTime, 'not a calendar date and time');

/** An instant with a zone ("2024-11-22T18:58:40Z"). */
const instant = z
  .string()
  .trim()
  .refine((value) => /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value)), 'expected an ISO-8601 instant');

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((value) => isRealLocalDateTime(`${value}T00:00`), 'not a calendar date');

/**
 * Fields that only refine what the rest of the answer says (GMT values, estimates): a malformed one
 * is dropped rather than failing the whole answer.
 */
const supplementary = <T extends z.ZodType>(schema: T) => schema.nullish().catch(undefined);

export const uspsTrackingEventSchema = z
  .object({
    eventType: optionalText,
    eventCode: optionalCode(/^[0-9A-Z]{1,4}$/i).transform((value) => value?.toUpperCase()),
    /** Local time at the scan, no offset. */
    eventTimestamp: localDateTime.nullish(),
    GMTTimestamp: supplementary(instant),
    GMTOffset: supplementary(z.string().trim().regex(USPS_GMT_OFFSET_PATTERN)),
    eventCity: optionalText,
    eventState: optionalText,
    eventZIP: optionalText,
    eventCountry: optionalText,
    /** The company, when delivered to one. */
    firm: optionalText,
    /** Who signed for the delivery, when anyone did. */
    name: optionalText,
    authorizedAgent: optionalBoolean,
  })
  .refine((event) => event.eventTimestamp || event.GMTTimestamp, { message: 'an event needs eventTimestamp or GMTTimestamp' });

/** `GET /tracking/v3/tracking/{trackingNumber}?expand=DETAIL`, 200 (`TrackingDetails`). */
export const uspsTrackingDetailsSchema = z.object({
  trackingNumber: optionalText,
  /** The newest event's text, e.g. "Delivered, Parcel Locker". */
  status: optionalText,
  /** "Pre-Shipment", "In Transit", "Delivered", "Alert", … */
  statusCategory: optionalText,
  statusSummary: optionalText,
  expectedDeliveryTimeStamp: supplementary(localDateTime.or(instant)),
  guaranteedDeliveryTimeStamp: supplementary(localDateTime.or(instant)),
  predictedDeliveryDate: supplementary(isoDate),
  predictedDeliveryWindowStartTime: optionalText,
  predictedDeliveryWindowEndTime: optionalText,
  /**
   * "Field indicating the date the item will be Returned to Sender" (OpenAPI `returnDateNotice`,
   * format date): set while the item is held at the Post Office. Supplementary.
   */
  returnDateNotice: supplementary(isoDate),
  proofOfDeliveryEnabled: optionalBoolean,
  trackingProofOfDeliveryEnabled: optionalBoolean,
  /** Newest first, at most 99 (the spec's maxItems). */
  trackingEvents: z.array(uspsTrackingEventSchema).max(99).nullish(),
});

/** The OpenAPI `ErrorMessage` every non-2xx tracking answer carries. */
export const uspsErrorMessageSchema = z.object({
  apiVersion: optionalText,
  error: z.object({
    code: z.union([z.string(), z.number()]).nullish(),
    message: optionalText,
    errors: z
      .array(
        z.object({
          status: z.union([z.string(), z.number()]).nullish(),
          code: optionalText,
          title: optionalText,
          detail: optionalText,
        }),
      )
      .nullish(),
  }),
});

/** RFC 6749 §5.2, as the token endpoint answers bad credentials (karrio fixture). */
export const uspsOAuthErrorSchema = z.object({
  error: z.string().trim().min(1),
  error_description: optionalText,
});

/** `POST /oauth2/v3/token`, 200. */
export const uspsTokenResponseSchema = z.object({
  access_token: z.string().trim().min(1),
  /** Seconds: 28799 as a number since 2025 (USPS/api-examples#56); the README shows a string. */
  expires_in: z.union([z.string().trim().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number),
  token_type: optionalText,
  /** Space-separated; tracking calls fail with 401 unless it contains `tracking`. */
  scope: optionalText,
});

export type UspsTrackingEvent = z.output<typeof uspsTrackingEventSchema>;
export type UspsTrackingDetails = z.output<typeof uspsTrackingDetailsSchema>;
export type UspsErrorMessage = z.output<typeof uspsErrorMessageSchema>;
export type UspsTokenResponse = z.output<typeof uspsTokenResponseSchema>;

function parseBooleanText(value: string): boolean | undefined {
  const normalised = value.trim().toLowerCase();
  if (normalised === 'true') return true;
  if (normalised === 'false') return false;
  return undefined;
}

function isRealLocalDateTime(value: string): boolean {
  const match = USPS_LOCAL_DATE_TIME_PATTERN.exec(value);
  if (!match) return false;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d));
  const sameDay = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  return sameDay && h < 24 && mi < 60 && (Number.isNaN(s) || s < 60);
}
