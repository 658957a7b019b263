import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A status webhook the sandbox platform accepted. `_id` is the `webhook-id` header, so a repeat
 * (a retry, a replay) races on the primary key and is recorded once.
 */
@Schema({ collection: 'sandbox_platform_webhooks', versionKey: false })
export class SandboxPlatformWebhook {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true, index: true })
  orderId!: string;

  @Prop({ type: Number, required: true })
  sequence!: number;

  @Prop({ type: String, required: true })
  status!: string;

  @Prop({ type: String })
  previousStatus?: string;

  /** The body's `type`, e.g. `order.status_changed`. */
  @Prop({ type: String, required: true })
  type!: string;

  /** The `webhook-timestamp` header: unix seconds of the attempt that got through. */
  @Prop({ type: Number, required: true })
  webhookTimestamp!: number;

  /** Sandbox time. */
  @Prop({ type: Date, required: true })
  receivedAt!: Date;

  /** The body's `data`, as sent. */
  @Prop({ type: Object, required: true })
  data!: Record<string, unknown>;
}

export const SandboxPlatformWebhookSchema = SchemaFactory.createForClass(SandboxPlatformWebhook);
