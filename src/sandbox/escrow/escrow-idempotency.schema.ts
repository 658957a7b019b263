import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One idempotency key of the escrow emulator; `_id` is the key itself, so concurrent first uses on
 * several API replicas race on the primary key and exactly one wins.
 */
@Schema({ collection: 'sandbox_escrow_idempotency_keys', versionKey: false })
export class SandboxEscrowIdempotencyKey {
  @Prop({ type: String, required: true })
  _id!: string;

  /** SHA-256 of the method, path and parsed parameters of the first request. */
  @Prop({ type: String, required: true })
  fingerprint!: string;

  @Prop({ type: String, required: true, enum: ['processing', 'completed'] })
  state!: 'processing' | 'completed';

  @Prop({ type: Date, required: true })
  firstUsedAt!: Date;

  @Prop({ type: Date, required: true })
  expiresAt!: Date;

  /** The kept answer, replayed as is for a repeat. */
  @Prop({ type: Object })
  response?: { status: number; body: unknown };
}

export const SandboxEscrowIdempotencyKeySchema = SchemaFactory.createForClass(SandboxEscrowIdempotencyKey);
