import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A message the SMS emulator accepted; `_id` is its `SM…` SID. */
@Schema({ collection: 'sandbox_sms_messages', versionKey: false })
export class SandboxSmsMessage {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  accountSid!: string;

  /** E.164. */
  @Prop({ type: String, required: true, index: true })
  to!: string;

  @Prop({ type: String })
  from?: string;

  @Prop({ type: String })
  messagingServiceSid?: string;

  @Prop({ type: String, required: true })
  body!: string;

  @Prop({ type: String, required: true, enum: ['GSM-7', 'UCS-2'] })
  encoding!: 'GSM-7' | 'UCS-2';

  @Prop({ type: Number, required: true })
  segments!: number;

  /** GSM-7 septets or UCS-2 code units, as the network counts them. */
  @Prop({ type: Number, required: true })
  characters!: number;

  /** The `I-Twilio-Idempotency-Token` it was sent with, when there was one. */
  @Prop({ type: String })
  idempotencyToken?: string;

  @Prop({ type: Date, required: true, index: true })
  createdAt!: Date;
}

export const SandboxSmsMessageSchema = SchemaFactory.createForClass(SandboxSmsMessage);
