import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { OrderIdSchema } from '../orders/orders.dto';

/** Strict, like every query here: an unknown parameter (a typo, an operator) is a 400. */
export const ListDeadLettersQuerySchema = z.strictObject({
  orderId: OrderIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(800).optional(),
});
export class ListDeadLettersQueryDto extends createZodDto(ListDeadLettersQuerySchema) {}

/** Webhook IDs are `evt_order_<orderId>_<sequence>` (platformWebhookId). */
export const WebhookIdParamSchema = z.strictObject({
  webhookId: z
    .string()
    .max(100)
    .regex(/^evt_order_[A-Za-z0-9][A-Za-z0-9._:-]*_[1-9]\d{0,15}$/, 'webhookId is an ID from GET /v1/platform-webhooks/dead-letters, e.g. evt_order_A-1001_3'),
});
export class WebhookIdParamDto extends createZodDto(WebhookIdParamSchema) {}
