import type { SandboxEscrowIdempotencyKey } from './escrow-idempotency.schema';

export type IdempotencyRecord = SandboxEscrowIdempotencyKey;

/** Storage for the emulator's idempotency keys; an abstract class so it can be the Nest token and swapped in tests. */
export abstract class EscrowIdempotencyRepository {
  /** Inserts a new key; false when the key already exists (another request used it first). */
  abstract insert(record: IdempotencyRecord): Promise<boolean>;
  abstract find(key: string): Promise<IdempotencyRecord | null>;
  /** Keeps the answer of a key still processing, for replays. */
  abstract complete(key: string, response: { status: number; body: unknown }): Promise<void>;
  /** Forgets a key still processing whose request created nothing, so a repeat runs afresh. */
  abstract release(key: string): Promise<void>;
  /** Removes an expired key, only if it is still the one first used at `firstUsedAt` (another replica may have replaced it). */
  abstract removeExpired(key: string, firstUsedAt: Date): Promise<void>;
}
