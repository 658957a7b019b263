import type { SandboxIdempotencyKey } from './idempotency-key.schema';

/** Storage for an emulator's idempotency keys; each emulator's own subclass is its Nest token, swapped in tests. */
export abstract class IdempotencyKeyRepository<R extends SandboxIdempotencyKey> {
  /** Inserts a new key; false when the key already exists (another request used it first). */
  abstract insert(record: R): Promise<boolean>;
  abstract find(key: string): Promise<R | null>;
  /** Keeps the answer of a key still processing, for replays. */
  abstract complete(key: string, response: { status: number; body: unknown }): Promise<void>;
  /** Forgets a key still processing whose request changed nothing, so a repeat runs afresh. */
  abstract release(key: string): Promise<void>;
  /** Removes an expired key, only if it is still the one first used at `firstUsedAt` (another replica may have replaced it). */
  abstract removeExpired(key: string, firstUsedAt: Date): Promise<void>;
}
