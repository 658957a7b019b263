import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SandboxIdempotencyKey } from '../idempotency/idempotency-key.schema';

/** One idempotency key of the escrow emulator; `_id` is the key itself. */
@Schema({ collection: 'sandbox_escrow_idempotency_keys', versionKey: false })
export class SandboxEscrowIdempotencyKey extends SandboxIdempotencyKey {
  /** SHA-256 of the method, path and parsed parameters of the first request. */
  @Prop({ type: String, required: true })
  fingerprint!: string;
}

export const SandboxEscrowIdempotencyKeySchema = SchemaFactory.createForClass(SandboxEscrowIdempotencyKey);
