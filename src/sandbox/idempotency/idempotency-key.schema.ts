import { Prop } from '@nestjs/mongoose';

/**
 * The fields every emulator's idempotency key has. Each emulator subclasses it with its own
 * `@Schema` (its own collection); `_id` is the key, so concurrent first uses on several API
 * replicas race on the primary key and exactly one wins.
 */
export class SandboxIdempotencyKey {
  @Prop({ type: String, required: true })
  _id!: string;

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
