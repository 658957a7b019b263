import { z } from 'zod';

/*
 * Schemas for what FedEx sends back (track.openapi.json, "Basic Integrated Visibility"). Carrier
 * responses are untrusted input: every field Waybill uses is checked for type and format, and fields
 * it does not use are dropped (z.object strips unknown keys), so FedEx can add fields without
 * breaking us. FedEx sends "" for absent values and empty objects (`"returnDetail": {}`,
 * `"window": {}`) for absent structures; both become `undefined` or empty here.
 */

/** Optional free text: "", null and missing all mean absent. */
const optionalText = z
  .string()
  .nullish()
  .transform((value) => value?.trim() || undefined);

/** A short code such as an event type ("DL"), derived code ("IN") or exception code ("08", "A52"). */
const optionalCode = optionalText.refine((value) => value === undefined || /^[0-9A-Z_]{1,12}$/i.test(value), {
  message: 'must be a short alphanumeric code',
});

/**
 * ISO-8601 as FedEx writes it: `2024-04-26T09:26:00-07:00`. The offset is usually there but not
 * promised (the spec's own examples omit it in places), so it is optional here and the normaliser
 * decides what a bare local time means. Values come out canonical: seconds always present and the
 * offset written `±HH:MM`, so equal times are equal strings.
 */
export const FEDEX_DATE_TIME_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

const dateTime = z
  .string()
  .trim()
  .regex(FEDEX_DATE_TIME_PATTERN, 'expected an ISO-8601 date and time')
  .transform(canonicalDateTime)
  .refine(isRealDateTime, 'not a real date and time');

/** A value Waybill can do without: a malformed one is dropped rather than failing the whole answer. */
const supplementary = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const fedexAddressSchema = z.object({
  city: optionalText,
  stateOrProvinceCode: optionalText,
  postalCode: optionalText,
  countryCode: optionalText,
});

const delayDetailSchema = z.object({
  type: optionalText,
  subType: optionalText,
  /** DELAYED, ON_TIME or EARLY. */
  status: optionalText,
});

export const fedexScanEventSchema = z.object({
  date: dateTime,
  eventType: optionalCode,
  eventDescription: optionalText,
  exceptionCode: optionalCode,
  exceptionDescription: optionalText,
  scanLocation: fedexAddressSchema.nullish(),
  locationType: optionalText,
  derivedStatusCode: optionalCode,
  derivedStatus: optionalText,
  delayDetail: supplementary(delayDetailSchema),
});

const ancillaryDetailSchema = z.object({
  reason: optionalText,
  reasonDescription: optionalText,
  action: optionalText,
  actionDescription: optionalText,
});

export const fedexStatusDetailSchema = z.object({
  code: optionalCode,
  derivedCode: optionalCode,
  statusByLocale: optionalText,
  description: optionalText,
  scanLocation: fedexAddressSchema.nullish(),
  ancillaryDetails: z.array(ancillaryDetailSchema).nullish(),
  delayDetail: supplementary(delayDetailSchema),
});

const dateAndTimeSchema = z.object({
  type: optionalText,
  dateTime: supplementary(dateTime),
});

/** `estimatedDeliveryTimeWindow`; FedEx sends `{"window": {}}` when it has none. */
const timeWindowSchema = z.object({
  type: optionalText,
  window: z.object({ begins: supplementary(dateTime), ends: supplementary(dateTime) }).nullish(),
});

const deliveryDetailsSchema = z.object({
  receivedByName: optionalText,
  signedByName: optionalText,
  locationType: optionalText,
  locationDescription: optionalText,
  /** A count as a string ("0"); a number is accepted too, anything else is dropped. */
  deliveryAttempts: supplementary(
    z
      .union([
        z
          .string()
          .trim()
          .regex(/^\d{1,3}$/),
        z.number().int().nonnegative().max(999),
      ])
      .transform(Number),
  ),
});

const serviceCommitMessageSchema = z.object({ type: optionalText, message: optionalText });

/** Details of a return shipment; real answers carry an empty `{}` on ordinary parcels. */
const returnDetailSchema = z.object({
  authorizationName: optionalText,
  reasonDetail: z.array(z.object({ type: optionalText, description: optionalText })).nullish(),
});

/**
 * `holdAtLocation` (track.openapi.json `LocationDetail1`): the FedEx facility holding the parcel,
 * `{locationId, locationContactAndAddress: {address}, locationType}`, "populated only when
 * REDIRECT_TO_HOLD_AT_LOCATION is available as custom delivery options". Supplementary.
 */
const holdAtLocationSchema = z.object({
  locationId: optionalText,
  locationType: optionalText,
  locationContactAndAddress: z.object({ address: fedexAddressSchema.nullish() }).nullish(),
});

/** `customDeliveryOptions[]`: e.g. `{type: "REDIRECT_TO_HOLD_AT_LOCATION", status: "HELD"}`. */
const customDeliveryOptionSchema = z.object({ type: optionalText, status: optionalText });

const errorSchema = z.object({ code: z.string().trim().min(1), message: optionalText });

export const fedexTrackResultSchema = z.object({
  trackingNumberInfo: z.object({ trackingNumber: optionalText, carrierCode: optionalText, trackingNumberUniqueId: optionalText }).nullish(),
  latestStatusDetail: fedexStatusDetailSchema.nullish(),
  scanEvents: z.array(fedexScanEventSchema).nullish(),
  dateAndTimes: z.array(dateAndTimeSchema).nullish(),
  estimatedDeliveryTimeWindow: supplementary(timeWindowSchema.nullable()),
  deliveryDetails: deliveryDetailsSchema.nullish(),
  availableImages: z.array(z.object({ type: optionalText })).nullish(),
  serviceCommitMessage: supplementary(serviceCommitMessageSchema.nullable()),
  returnDetail: supplementary(returnDetailSchema.nullable()),
  holdAtLocation: supplementary(holdAtLocationSchema.nullable()),
  customDeliveryOptions: supplementary(z.array(customDeliveryOptionSchema).nullable()),
  /** Set, on its own, when FedEx does not know the number (TRACKING.TRACKINGNUMBER.NOTFOUND). */
  error: errorSchema.nullish(),
});

export const fedexCompleteTrackResultSchema = z.object({
  trackingNumber: z.string().trim().min(1),
  /** Several when FedEx has recycled the number; one otherwise. */
  trackResults: z.array(fedexTrackResultSchema).min(1),
});

/** `POST /track/v1/trackingnumbers`, 200. */
export const fedexTrackResponseSchema = z.object({
  transactionId: optionalText,
  output: z.object({ completeTrackResults: z.array(fedexCompleteTrackResultSchema) }),
});

/** Every FedEx error answer: `{"transactionId", "errors":[{"code","message"}]}`. */
export const fedexErrorEnvelopeSchema = z.object({
  transactionId: optionalText,
  errors: z.array(errorSchema).min(1),
});

/** `POST /oauth/token`, 200: `{"access_token","token_type":"bearer","expires_in":3600,"scope":"CXS"}`. */
export const fedexTokenResponseSchema = z.object({
  access_token: z.string().trim().min(1),
  /** Seconds, a number in FedEx's answers; a numeric string is accepted too. */
  expires_in: z.union([z.number().int().nonnegative(), z.string().trim().regex(/^\d+$/)]).transform(Number),
  token_type: optionalText,
});

export type FedexAddress = z.output<typeof fedexAddressSchema>;
export type FedexScanEvent = z.output<typeof fedexScanEventSchema>;
export type FedexStatusDetail = z.output<typeof fedexStatusDetailSchema>;
export type FedexTrackResult = z.output<typeof fedexTrackResultSchema>;
export type FedexCompleteTrackResult = z.output<typeof fedexCompleteTrackResultSchema>;
export type FedexTrackResponse = z.output<typeof fedexTrackResponseSchema>;

/** True when a canonical FedEx date-time carries its UTC offset. */
export function hasOffset(canonical: string): boolean {
  return /(Z|[+-]\d{2}:\d{2})$/.test(canonical);
}

/** A calendar day that exists and a time of day; Date.parse alone rolls 30 February over into March. */
function isRealDateTime(canonical: string): boolean {
  const [year, month, day] = canonical.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  const [hours, minutes, seconds] = canonical.slice(11, 19).split(':').map(Number);
  const calendarDay = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return (
    calendarDay &&
    hours < 24 &&
    minutes < 60 &&
    seconds < 60 &&
    !Number.isNaN(Date.parse(hasOffset(canonical) ? canonical : `${canonical}Z`))
  );
}

function canonicalDateTime(value: string): string {
  const [, date, hours, minutes, seconds, offset] = FEDEX_DATE_TIME_PATTERN.exec(value) ?? [];
  const zone = offset === undefined || offset === 'Z' ? (offset ?? '') : `${offset.slice(0, 3)}:${offset.slice(-2)}`;
  return `${date}T${hours}:${minutes}:${seconds ?? '00'}${zone}`;
}
