import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A notification the mobile-push emulator accepted, after its signature verified. `_id` is the
 * notification's `id`, so a repeat (a retry, another API replica) races on the primary key and is
 * recorded once.
 */
@Schema({ collection: 'sandbox_mobile_push', versionKey: false })
export class SandboxMobilePush {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true, index: true })
  orderId!: string;

  @Prop({ type: String })
  customerRef?: string;

  @Prop({ type: String, required: true })
  milestone!: string;

  /** The JSON body as verified and parsed, unchanged. */
  @Prop({ type: Object, required: true })
  message!: Record<string, unknown>;

  /** `webhook-timestamp` of the accepted request (Unix seconds). */
  @Prop({ type: Number, required: true })
  webhookTimestamp!: number;

  /** The `Idempotency-Key` header, when sent. */
  @Prop({ type: String })
  idempotencyKey?: string;

  @Prop({ type: Number, required: true })
  deliveredTo!: number;

  /** On the sandbox clock. */
  @Prop({ type: Date, required: true, index: true })
  receivedAt!: Date;
}

export const SandboxMobilePushSchema = SchemaFactory.createForClass(SandboxMobilePush);
