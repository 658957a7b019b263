import { IdempotencyKeyRepository } from '../idempotency/idempotency-key.repository';
import type { SandboxSmsIdempotencyKey } from './sms-idempotency.schema';

export type SmsIdempotencyRecord = SandboxSmsIdempotencyKey;

/** The SMS emulator's idempotency tokens; a token is released only when its request sent nothing. */
export abstract class SmsIdempotencyRepository extends IdempotencyKeyRepository<SmsIdempotencyRecord> {}
