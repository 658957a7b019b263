import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A message caught by the sandbox SMTP sink. */
@Schema({ collection: 'sandbox_mail', versionKey: false })
export class SandboxMail {
  /** Envelope recipients, lower-cased: includes Bcc, which headers would hide. */
  @Prop({ type: [String], required: true, index: true })
  to!: string[];

  @Prop({ type: String, default: '' })
  from!: string;

  @Prop({ type: String, default: '' })
  subject!: string;

  @Prop({ type: String, default: '' })
  text!: string;

  @Prop({ type: String, default: '' })
  html!: string;

  @Prop({ type: String, default: '' })
  messageId!: string;

  /** A few headers tests care about (List-Unsubscribe and friends), keyed by lower-case name. */
  @Prop({ type: Object, default: {} })
  headers!: Record<string, string>;

  @Prop({ type: Date, required: true, index: true })
  receivedAt!: Date;
}

export const SandboxMailSchema = SchemaFactory.createForClass(SandboxMail);
