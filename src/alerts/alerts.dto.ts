import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { SUPPORT_ALERT_STATES } from '../../activities/alerts/support-alert-store';
import { OrderIdSchema } from '../orders/orders.dto';

/** Strict, like every query here: an unknown parameter (a typo, an operator) is a 400. */
export const ListAlertsQuerySchema = z.strictObject({
  state: z.enum(SUPPORT_ALERT_STATES).optional(),
  orderId: OrderIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(800).optional(),
});
export class ListAlertsQueryDto extends createZodDto(ListAlertsQuerySchema) {}

/** Alert IDs are `alert:<orderId>:<kind>:<shipmentId or ->:<occurrence>` (supportAlertId). */
export const AlertIdParamSchema = z.strictObject({
  alertId: z
    .string()
    .max(400)
    .regex(/^alert:[\w.:+-]+$/, 'alertId is an ID from GET /v1/alerts, e.g. alert:A-1001:shipment_stalled:shp_…:1'),
});
export class AlertIdParamDto extends createZodDto(AlertIdParamSchema) {}
