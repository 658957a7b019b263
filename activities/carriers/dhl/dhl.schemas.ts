import { z } from 'zod';

/*
 * Schemas for what the DHL Shipment Tracking - Unified API sends back (carriers.md §3.3). Carrier
 * responses are untrusted input: every field Waybill uses is checked for type and format, and the
 * rest is dropped (z.object strips unknown keys), so DHL can add fields without breaking us.
 * DHL's divisions fill the same shape very differently: Express events carry only a timestamp
 * without offset, a locality and a description, while eCommerce and Parcel events carry codes and
 * offsets. So almost everything is optional here, and "", null and missing all mean absent.
 */

/** Optional free text: "", null and missing all mean absent. */
const optionalText = z
  .string()
  .nullish()
  .transform((value) => value?.trim() || undefined);

/** Ids and postal codes: DHL sends them as strings, but numbers have been seen (`"id": 7777777770`). */
const optionalId = z
  .union([z.string(), z.number().int().nonnegative()])
  .nullish()
  .transform((value) => (value === null || value === undefined ? undefined : String(value).trim() || undefined));

/**
 * ISO-8601 date-time as DHL writes it: with an offset (`+01:00`, `+0100`, `Z`) or, for Express and
 * Freight, without one (local time at the scan); seconds and fractions optional (fractions of up
 * to nine digits have been seen).
 */
export const DHL_TIMESTAMP_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const dhlTimestamp = z
  .string()
  .trim()
  .regex(DHL_TIMESTAMP_PATTERN, 'expected an ISO-8601 date-time')
  .refine(isRealTimestamp, 'not a real date and time');

/** A delivery estimate: a date-time, or a bare `YYYY-MM-DD` day. */
const dhlDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((day) => isRealTimestamp(`${day}T00:00`), 'not a calendar date');
const dhlEstimate = z.union([dhlDay, dhlTimestamp]);

/** Estimates and POD times are extras: a malformed one is dropped rather than failing the whole answer. */
const supplementary = <T extends z.ZodType>(schema: T) => schema.nullish().catch(undefined);

const dhlAddressSchema = z.object({
  addressLocality: optionalText,
  postalCode: optionalId,
  countryCode: optionalText,
});

const dhlLocationSchema = z.object({ address: dhlAddressSchema.nullish() });

/** Origin and destination: an address, and for parcels sent to a shop or locker, that service point. */
const dhlPlaceSchema = z.object({
  address: dhlAddressSchema.nullish(),
  servicePoint: z.object({ url: optionalText, label: optionalText }).nullish(),
});

const statusFields = {
  location: dhlLocationSchema.nullish(),
  /** pre-transit | transit | delivered | failure | unknown; lower-cased, other values kept for the mapper. */
  statusCode: optionalText.transform((value) => value?.toLowerCase()),
  /** A division's own code ("42", "1-0"), a word ("delivered") or a whole sentence. */
  status: optionalText,
  /** eCommerce's finer status. */
  statusDetailed: optionalText,
  description: optionalText,
  remark: optionalText,
  nextSteps: optionalText,
};

/** `shipments[].status`: the current state; its timestamp is not needed, so a bad one is tolerated. */
export const dhlStatusSchema = z.object({ timestamp: supplementary(dhlTimestamp), ...statusFields });

/** `shipments[].events[]`: the same fields, and a scan without a usable time is a broken answer. */
export const dhlEventSchema = z.object({ timestamp: dhlTimestamp, ...statusFields });

const dhlPersonSchema = z.object({
  name: optionalText,
  givenName: optionalText,
  familyName: optionalText,
  organizationName: optionalText,
});

const dhlDetailsSchema = z.object({
  proofOfDelivery: z
    .object({
      timestamp: supplementary(dhlTimestamp),
      documentUrl: optionalText,
      signatureUrl: optionalText,
      signed: dhlPersonSchema.nullish(),
    })
    .nullish(),
  /** "'Yes' if signer identification is available". */
  proofOfDeliverySignedAvailable: z.boolean().nullish(),
  totalNumberOfPieces: z.number().int().nonnegative().nullish(),
  pieceIds: z.array(optionalId).nullish(),
});

export const dhlShipmentSchema = z.object({
  id: optionalId,
  service: optionalText,
  origin: dhlPlaceSchema.nullish(),
  destination: dhlPlaceSchema.nullish(),
  status: dhlStatusSchema.nullish(),
  estimatedTimeOfDelivery: supplementary(dhlEstimate),
  estimatedDeliveryTimeFrame: supplementary(
    z.object({ estimatedFrom: supplementary(dhlTimestamp), estimatedThrough: supplementary(dhlTimestamp) }),
  ),
  estimatedTimeOfDeliveryRemark: optionalText,
  /** DHL's public tracking page for this shipment (carriers.md §3.8: preferred over building one). */
  serviceUrl: supplementary(z.url({ protocol: /^https?$/ })),
  /** True when the shipment is (on) its way back to the sender. */
  returnFlag: z.boolean().nullish(),
  details: dhlDetailsSchema.nullish(),
  events: z.array(dhlEventSchema).nullish(),
});

/** `GET /track/shipments`, 200. */
export const dhlTrackResponseSchema = z.object({ shipments: z.array(dhlShipmentSchema) });

/**
 * Every DHL error: `application/problem+json` with `{title, status, detail, instance?, type?}`
 * (carriers.md §3.5). A title or a detail is required, so a gateway's HTML page never passes.
 */
export const dhlProblemSchema = z
  .object({
    title: optionalText,
    status: z.number().int().nullish(),
    detail: optionalText,
    instance: optionalText,
    type: optionalText,
  })
  .refine((problem) => problem.title !== undefined || problem.detail !== undefined, 'a problem has a title or a detail');

export type DhlStatus = z.output<typeof dhlStatusSchema>;
export type DhlEvent = z.output<typeof dhlEventSchema>;
export type DhlShipment = z.output<typeof dhlShipmentSchema>;
export type DhlTrackResponse = z.output<typeof dhlTrackResponseSchema>;
export type DhlProblem = z.output<typeof dhlProblemSchema>;

/** The calendar date and clock time exist (the offset, when present, was checked by the pattern). */
function isRealTimestamp(value: string): boolean {
  const match = DHL_TIMESTAMP_PATTERN.exec(value);
  if (!match) return false;
  const [, year, month, day, hours, minutes, seconds, , offset] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const realDay =
    date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
  const realTime = Number(hours) < 24 && Number(minutes) < 60 && Number(seconds ?? 0) < 60;
  const offsetMatch = offset && offset.toUpperCase() !== 'Z' ? /^[+-](\d{2}):?(\d{2})?$/.exec(offset) : null;
  const realOffset = !offsetMatch || (Number(offsetMatch[1]) <= 14 && Number(offsetMatch[2] ?? 0) < 60);
  return realDay && realTime && realOffset;
}
