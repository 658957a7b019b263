import type { SandboxSmsIdempotencyKey } from './sms-idempotency.schema';

export type SmsIdempotencyRecord = SandboxSmsIdempotencyKey;

/** Storage for the emulator's idempotency tokens; an abstract class so it can be the Nest token and swapped in tests. */
export abstract class SmsIdempotencyRepository {
  /** Inserts a new key; false when the key already exists (another request used it first). */
  abstract insert(record: SmsIdempotencyRecord): Promise<boolean>;
  abstract find(key: string): Promise<SmsIdempotencyRecord | null>;
  /** Keeps the answer of a key still processing, for replays. */
  abstract complete(key: string, response: { status: number; body: unknown }): Promise<void>;
  /** Forgets a key still processing whose request sent nothing, so a repeat runs afresh. */
  abstract release(key: string): Promise<void>;
  /** Removes an expired key, only if it is still the one first used at `firstUsedAt` (another replica may have replaced it). */
  abstract removeExpired(key: string, firstUsedAt: Date): Promise<void>;
}
