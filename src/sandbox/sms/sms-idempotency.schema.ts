import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One `I-Twilio-Idempotency-Token` the SMS emulator has seen; `_id` is `<account SID>:<token>`, so
 * concurrent first uses on several API replicas race on the primary key and exactly one wins.
 */
@Schema({ collection: 'sandbox_sms_idempotency_keys', versionKey: false })
export class SandboxSmsIdempotencyKey {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true, enum: ['processing', 'completed'] })
  state!: 'processing' | 'completed';

  @Prop({ type: Date, required: true })
  firstUsedAt!: Date;

  @Prop({ type: Date, required: true })
  expiresAt!: Date;

  /** The kept answer (the message resource), replayed as is for a repeat. */
  @Prop({ type: Object })
  response?: { status: number; body: unknown };
}

export const SandboxSmsIdempotencyKeySchema = SchemaFactory.createForClass(SandboxSmsIdempotencyKey);
