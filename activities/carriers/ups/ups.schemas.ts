import { z } from 'zod';

/*
 * Schemas for what UPS sends back. Carrier responses are untrusted input: every field Waybill uses
 * is checked for type and format, and fields it does not use are dropped (z.object strips unknown
 * keys), so UPS can add fields without breaking us. UPS sends empty strings and occasionally nulls
 * for absent values; both become `undefined` here so the rest of the code has one notion of absent.
 */

/** Optional free text: "", null and missing all mean absent. */
const optionalText = z
  .string()
  .nullish()
  .transform((value) => value?.trim() || undefined);

/** A short code such as an activity type ("X"), activity code ("F4") or warning code. */
const optionalCode = (pattern: RegExp) =>
  optionalText.refine((value) => value === undefined || pattern.test(value), { message: `must match ${pattern}` });

/** `YYYYMMDD`, a real calendar day. */
const compactDate = z.string().regex(/^\d{8}$/, 'expected YYYYMMDD').refine(isCalendarDate, 'not a calendar date');

/** `HHMMSS`; UPS drops leading zeros in places ("74700" is 07:47:00), so shorter values are padded. */
const compactTime = z
  .string()
  .regex(/^\d{1,6}$/, 'expected HHMMSS')
  .transform((value) => value.padStart(6, '0'))
  .refine(isClockTime, 'not a time of day');

const optionalTime = z.union([z.literal('').transform(() => undefined), compactTime]).nullish();

/** "-05:00" in the Track API, "-04.00" in Track Alert webhooks. */
export const UPS_GMT_OFFSET_PATTERN = /^([+-])(\d{1,2})[:.]?(\d{2})$/;

/**
 * Supplementary UTC fields: the local date and time are authoritative, so a malformed GMT value
 * is dropped rather than failing the whole answer.
 */
const supplementary = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const upsStatusSchema = z.object({
  type: optionalCode(/^[A-Z]{1,3}$/i),
  code: optionalCode(/^[0-9A-Z]{1,4}$/i),
  /** 3-digit code; padded because the appendix prints "3" for "003". */
  statusCode: optionalCode(/^\d{1,3}$/).transform((value) => value?.padStart(3, '0')),
  description: optionalText,
  simplifiedTextDescription: optionalText,
});

const upsAddressSchema = z.object({
  city: optionalText,
  stateProvince: optionalText,
  postalCode: optionalText,
  country: optionalText,
  countryCode: optionalText,
});

export const upsActivitySchema = z.object({
  date: compactDate,
  time: compactTime,
  gmtDate: supplementary(compactDate),
  gmtTime: supplementary(compactTime),
  gmtOffset: supplementary(z.string().trim().regex(UPS_GMT_OFFSET_PATTERN)),
  location: z.object({ address: upsAddressSchema.nullish() }).nullish(),
  status: upsStatusSchema,
});

const upsDeliveryDateSchema = z.object({
  /** SDD scheduled, RDD rescheduled, DEL delivered. */
  type: optionalText,
  date: z.union([z.literal('').transform(() => undefined), compactDate]).nullish(),
});

const upsDeliveryTimeSchema = z.object({
  /** EOD, CMT, EDW, CDW, IDW or DEL. */
  type: optionalText,
  startTime: optionalTime,
  endTime: optionalTime,
});

const upsDeliveryInformationSchema = z.object({
  receivedBy: optionalText,
  location: optionalText,
  signature: z.object({ image: optionalText }).nullish(),
  deliveryPhoto: z.object({ photo: optionalText, photoCaptureInd: optionalText }).nullish(),
  pod: z.object({ content: optionalText }).nullish(),
});

export const upsPackageSchema = z.object({
  trackingNumber: optionalText,
  currentStatus: upsStatusSchema.nullish(),
  activity: z.array(upsActivitySchema).nullish(),
  deliveryDate: z.array(upsDeliveryDateSchema).nullish(),
  deliveryTime: upsDeliveryTimeSchema.nullish(),
  deliveryInformation: upsDeliveryInformationSchema.nullish(),
  /**
   * Tracking.yaml `AccessPointInformation`: the only field is `pickupByDate` (YYYYMMDD, the last day
   * the Access Point keeps the parcel). Supplementary: a malformed date is dropped, never fatal.
   */
  accessPointInformation: supplementary(z.object({ pickupByDate: supplementary(compactDate) }).nullable()),
});

const upsWarningSchema = z.object({ code: z.string().trim(), message: optionalText });

const upsShipmentSchema = z.object({
  inquiryNumber: optionalText,
  package: z.array(upsPackageSchema).nullish(),
  warnings: z.array(upsWarningSchema).nullish(),
});

/** `GET /api/track/v1/details/{inquiryNumber}`, 200. */
export const upsTrackResponseSchema = z.object({
  trackResponse: z.object({ shipment: z.array(upsShipmentSchema) }),
});

/** Every non-2xx answer from UPS: `{"response":{"errors":[{"code","message"}]}}`. */
export const upsErrorEnvelopeSchema = z.object({
  response: z.object({
    errors: z.array(z.object({ code: z.string().trim(), message: optionalText })).min(1),
  }),
});

/** `POST /security/v1/oauth/token`, 200. UPS sends every value as a string, `expires_in` included. */
export const upsTokenResponseSchema = z.object({
  access_token: z.string().trim().min(1),
  /** Seconds; "14399" in practice. A number is accepted too, should UPS ever fix the type. */
  expires_in: z.union([z.string().trim().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number),
  token_type: optionalText,
});

export type UpsStatus = z.output<typeof upsStatusSchema>;
export type UpsActivity = z.output<typeof upsActivitySchema>;
export type UpsPackage = z.output<typeof upsPackageSchema>;
export type UpsTrackResponse = z.output<typeof upsTrackResponseSchema>;
export type UpsErrorEnvelope = z.output<typeof upsErrorEnvelopeSchema>;
export type UpsTokenResponse = z.output<typeof upsTokenResponseSchema>;

function isCalendarDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isClockTime(hhmmss: string): boolean {
  return Number(hhmmss.slice(0, 2)) < 24 && Number(hhmmss.slice(2, 4)) < 60 && Number(hhmmss.slice(4, 6)) < 60;
}
