import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CARRIERS, EscrowState, ORDER_STATUSES, SHIPMENT_STATUSES } from '../../workflows/shared/vocabulary';

/**
 * CustomerOrderView as a schema, for the OpenAPI document (the JSON view, the actions' answers and
 * each event of the update stream). Strict, so a test that parses toCustomerOrderView's output with
 * it fails if either drifts from the other.
 */

const EstimatedDeliverySchema = z
  .strictObject({
    date: z.string().describe('A single day, `YYYY-MM-DD`, when the carrier gives only a date.').optional(),
    from: z.string().describe('Start of a delivery window, ISO 8601 with the carrier’s UTC offset.').optional(),
    to: z.string().describe('End of the window.').optional(),
  })
  .describe('The carrier’s estimate.');

export const CustomerShipmentViewSchema = z.strictObject({
  carrier: z.enum(CARRIERS as [string, ...string[]]),
  trackingNumber: z.string(),
  trackingUrl: z.string().describe('The carrier’s own tracking page for this parcel.'),
  status: z.enum(SHIPMENT_STATUSES as [string, ...string[]]),
  estimatedDelivery: EstimatedDeliverySchema.optional(),
});

export const CustomerOrderViewSchema = z.strictObject({
  orderId: z.string(),
  status: z.enum(ORDER_STATUSES as [string, ...string[]]),
  delayed: z.boolean().describe('The carrier’s estimate slipped, or the promised day passed.'),
  escrow: z.strictObject({ state: z.enum(Object.values(EscrowState) as [string, ...string[]]) }),
  dispute: z
    .strictObject({
      openedAt: z.string(),
      resolvedAt: z.string().optional(),
      resolution: z.enum(['released', 'refunded']).optional(),
    })
    .describe('The customer’s problem report, when there is one.')
    .optional(),
  shipments: z.array(CustomerShipmentViewSchema),
});

export class CustomerOrderViewDto extends createZodDto(CustomerOrderViewSchema) {}
