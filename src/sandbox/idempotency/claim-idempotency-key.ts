import type { IdempotencyKeyRepository } from './idempotency-key.repository';
import type { SandboxIdempotencyKey } from './idempotency-key.schema';

/**
 * Takes `record`'s key for this request (undefined), or returns the key's record when another
 * request used it and it has not expired by `record.firstUsedAt`. An expired key is removed and
 * taken afresh. Throws `inUse()` when other replicas keep retaking the key meanwhile.
 */
export async function claimIdempotencyKey<R extends SandboxIdempotencyKey>(keys: IdempotencyKeyRepository<R>, record: R, inUse: () => Error): Promise<R | undefined> {
  const now = record.firstUsedAt.getTime();
  // A few rounds: another replica may remove or retake the key between the insert and the read.
  for (let round = 0; round < 3; round++) {
    if (await keys.insert(record)) return undefined;
    const existing = await keys.find(record._id);
    if (!existing) continue;
    if (existing.expiresAt.getTime() > now) return existing;
    await keys.removeExpired(record._id, existing.firstUsedAt);
  }
  throw inUse();
}
