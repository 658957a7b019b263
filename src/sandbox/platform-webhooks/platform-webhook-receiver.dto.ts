import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { OrderIdSchema } from '../../orders/orders.dto';

const positive = (what: string, max: number) =>
  z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(1, `${what} must be at least 1`).max(max, `${what} must be at most ${max}`);

export const QueuePlatformWebhookFaultSchema = z.strictObject({
  fault: z.discriminatedUnion(
    'kind',
    [z.strictObject({ kind: z.literal('server_error') }), z.strictObject({ kind: z.literal('gone') }), z.strictObject({ kind: z.literal('slow'), delayMs: positive('delayMs', 120_000) })],
    { error: 'fault.kind must be server_error, gone or slow' },
  ),
  count: positive('count', 10_000),
});
export class QueuePlatformWebhookFaultDto extends createZodDto(QueuePlatformWebhookFaultSchema) {}

export const ListReceivedPlatformWebhooksSchema = z.strictObject({ orderId: OrderIdSchema.optional() });
export class ListReceivedPlatformWebhooksDto extends createZodDto(ListReceivedPlatformWebhooksSchema) {}
