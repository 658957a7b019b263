import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** Bodies of the customer's actions. Strict like every request: an unknown field is a 400. */

/** Confirming receipt takes no input; an empty object, or no body at all, is fine. */
export const ConfirmReceiptSchema = z.preprocess((body) => body ?? {}, z.strictObject({}));
export class ConfirmReceiptDto extends createZodDto(ConfirmReceiptSchema) {}

export const ReportProblemSchema = z.strictObject({
  /** The one problem a customer reports today: a parcel marked delivered never arrived. */
  kind: z.literal('not_received'),
  /** The customer's words; kept in the order's history, which only staff see. */
  note: z.string().trim().max(1000).optional(),
});
export class ReportProblemDto extends createZodDto(ReportProblemSchema) {}
