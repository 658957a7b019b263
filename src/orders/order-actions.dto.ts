import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Milestone, NotificationChannel } from '../../workflows/shared/vocabulary';
import { isRealDate, ShipmentIdSchema } from './orders.dto';

/** Bodies of the admin actions on an order. Strict like every request: an unknown field is a 400. */

/** Free text an admin writes: the proof seen, the reason for a decision. Kept in the order's history. */
const Note = z.string().trim().min(1).max(1000);
const Reason = z.string().trim().min(1).max(500);

export const ResolveDisputeSchema = z.strictObject({
  resolution: z.enum(['release', 'refund']),
  note: Note,
});
export class ResolveDisputeDto extends createZodDto(ResolveDisputeSchema) {}

export const MarkShipmentDeliveredSchema = z.strictObject({
  /** The proof: what was seen (a signed slip, a photo, the customer's call). */
  note: Note,
  /** Where the proof is kept: a ticket or document ID. */
  reference: z.string().trim().min(1).max(200).optional(),
});
export class MarkShipmentDeliveredDto extends createZodDto(MarkShipmentDeliveredSchema) {}

export const ExtendDeadlineSchema = z.discriminatedUnion('deadline', [
  z.strictObject({
    deadline: z.literal('promised_delivery'),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD').refine(isRealDate, 'date is not a real date'),
  }),
  z.strictObject({
    deadline: z.literal('dispute_window'),
    until: z.iso.datetime({ offset: true, message: 'until must be an ISO 8601 date-time with an offset, e.g. 2026-12-20T18:00:00+01:00' }),
  }),
]);
export type ExtendDeadlineBody = z.infer<typeof ExtendDeadlineSchema>;
/**
 * A union cannot be a class's instance type, so the class only carries the schema (for the global
 * ZodValidationPipe and OpenAPI); what reaches the handler is an ExtendDeadlineBody.
 */
export class ExtendDeadlineDto extends (createZodDto(ExtendDeadlineSchema) as unknown as new () => object) {}

export const EscrowOverrideSchema = z.strictObject({ reason: Reason });
export class EscrowOverrideDto extends createZodDto(EscrowOverrideSchema) {}

export const ResendNotificationSchema = z.strictObject({
  milestone: z.enum(Object.values(Milestone) as [Milestone, ...Milestone[]]),
  channel: z.enum(Object.values(NotificationChannel) as [NotificationChannel, ...NotificationChannel[]]),
  /** The parcel a per-parcel milestone (shipped, out for delivery, delivered…) was about. */
  shipmentId: ShipmentIdSchema.optional(),
  /** The message's own revision (a delay's new date, an attempt's number), as the notification log shows it. */
  revision: z.string().trim().min(1).max(64).regex(/^[\w.:-]+$/, 'revision holds letters, digits and . : - _ only').optional(),
});
export class ResendNotificationDto extends createZodDto(ResendNotificationSchema) {}
