import { IdempotencyKeyRepository } from '../idempotency/idempotency-key.repository';
import type { SandboxEscrowIdempotencyKey } from './escrow-idempotency.schema';

export type IdempotencyRecord = SandboxEscrowIdempotencyKey;

/** The escrow emulator's idempotency keys; a key is released only when its request created nothing. */
export abstract class EscrowIdempotencyRepository extends IdempotencyKeyRepository<IdempotencyRecord> {}
