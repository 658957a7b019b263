import { z } from 'zod';

/*
 * Schemas for what EasyPost pushes: an Event whose `result` is, for tracker events, a full Tracker
 * (carriers.md §5.2, §5.5; EasyPost/examples `official/fixtures/event-body.json`). The payload is
 * untrusted input: every field Waybill uses is checked, unknown fields are dropped (z.object strips
 * them), and fields Waybill can do without are dropped when malformed instead of failing the
 * delivery, which EasyPost would only retry until it disables the webhook.
 */

/** Free text: null, "" and missing all mean absent. */
const optionalText = z
  .string()
  .nullish()
  .transform((value) => value?.trim() || undefined);

/** A value Waybill can do without. */
const supplementary = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * ISO-8601 as EasyPost writes it (`2024-07-31T15:00:00Z`), kept verbatim so a time with an offset
 * keeps it. A time without one is labelled UTC, the zone EasyPost writes its times in.
 */
export const easypostDateTimeSchema = z
  .string()
  .trim()
  .regex(ISO_DATE_TIME, 'expected an ISO-8601 date and time')
  .transform((value) => (/(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`))
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a real date and time');

/** EasyPost's `*_local` dates: `YYYY-MM-DD`. */
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Tracker and TrackingDetail statuses (carriers.md §5.2). Others are accepted and mapped conservatively. */
export const EASYPOST_STATUSES = [
  'unknown',
  'pre_transit',
  'in_transit',
  'out_for_delivery',
  'available_for_pickup',
  'delivered',
  'return_to_sender',
  'failure',
  'cancelled',
  'error',
] as const;
export type EasypostStatus = (typeof EASYPOST_STATUSES)[number];

const status = z
  .string()
  .trim()
  .min(1)
  .transform((value) => value.toLowerCase());

export const easypostTrackingLocationSchema = z.object({
  city: optionalText,
  state: optionalText,
  country: optionalText,
  zip: optionalText,
});
export type EasypostTrackingLocation = z.infer<typeof easypostTrackingLocationSchema>;

export const easypostTrackingDetailSchema = z.object({
  message: optionalText,
  description: optionalText,
  status,
  status_detail: optionalText,
  datetime: easypostDateTimeSchema,
  /** Who reported it; for tracker events, the carrier. */
  source: optionalText,
  /** The carrier's own event code, e.g. FedEx "AR". */
  carrier_code: optionalText,
  tracking_location: supplementary(easypostTrackingLocationSchema.nullable()),
});
export type EasypostTrackingDetail = z.infer<typeof easypostTrackingDetailSchema>;

export const easypostCarrierDetailSchema = z.object({
  service: optionalText,
  container_type: optionalText,
  est_delivery_date_local: supplementary(localDate.nullable()),
  est_delivery_time_local: optionalText,
  origin_location: optionalText,
  destination_location: optionalText,
  guaranteed_delivery_date: supplementary(easypostDateTimeSchema.nullable()),
  alternate_identifier: optionalText,
  initial_delivery_attempt: supplementary(easypostDateTimeSchema.nullable()),
});

export const easypostTrackerSchema = z.object({
  id: z.string().regex(/^trk_\w{1,64}$/, 'expected a trk_ id'),
  object: z.literal('Tracker'),
  mode: optionalText,
  tracking_code: z.string().trim().min(1),
  status,
  status_detail: optionalText,
  created_at: supplementary(easypostDateTimeSchema),
  updated_at: supplementary(easypostDateTimeSchema),
  signed_by: optionalText,
  // A float in EasyPost's serialisation (614.4, 12.0); unused, and not needed to verify the body.
  weight: supplementary(z.number().nullable()),
  est_delivery_date: supplementary(easypostDateTimeSchema.nullable()),
  shipment_id: optionalText,
  /** EasyPost's carrier name: "UPS", "FedEx", "USPS", "DHLExpress", … */
  carrier: z.string().trim().min(1),
  tracking_details: z.array(easypostTrackingDetailSchema).nullish(),
  carrier_detail: supplementary(easypostCarrierDetailSchema.nullable()),
  finalized: supplementary(z.boolean().nullable()),
  is_return: supplementary(z.boolean().nullable()),
  public_url: optionalText,
});
export type EasypostTracker = z.infer<typeof easypostTrackerSchema>;

/** The webhook envelope. `result` is checked against the schema its `description` calls for. */
export const easypostEventSchema = z.object({
  object: z.literal('Event'),
  id: z.string().regex(/^evt_\w{1,64}$/, 'expected an evt_ id'),
  /** The event type: "tracker.created", "tracker.updated", "batch.updated", … */
  description: z.string().trim().min(1),
  mode: optionalText,
  user_id: optionalText,
  status: optionalText,
  previous_attributes: supplementary(z.record(z.string(), z.unknown()).nullable()),
  created_at: supplementary(easypostDateTimeSchema),
  updated_at: supplementary(easypostDateTimeSchema),
  result: z.unknown(),
});
export type EasypostEvent = z.infer<typeof easypostEventSchema>;
