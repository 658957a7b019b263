import { Schema, SchemaFactory } from '@nestjs/mongoose';
import { SandboxIdempotencyKey } from '../idempotency/idempotency-key.schema';

/**
 * One `I-Twilio-Idempotency-Token` the SMS emulator has seen; `_id` is `<account SID>:<token>`, and
 * the kept response is the message resource.
 */
@Schema({ collection: 'sandbox_sms_idempotency_keys', versionKey: false })
export class SandboxSmsIdempotencyKey extends SandboxIdempotencyKey {}

export const SandboxSmsIdempotencyKeySchema = SchemaFactory.createForClass(SandboxSmsIdempotencyKey);
