import { IdempotencyKeyRepository } from '../../../../src/sandbox/idempotency/idempotency-key.repository';
import type { SandboxIdempotencyKey } from '../../../../src/sandbox/idempotency/idempotency-key.schema';

/** An emulator's idempotency keys in a Map, with the MongoDB store's rules; each emulator's test double extends it. */
export class InMemoryIdempotencyKeys<R extends SandboxIdempotencyKey> extends IdempotencyKeyRepository<R> {
  readonly keys = new Map<string, R>();

  async insert(record: R): Promise<boolean> {
    if (this.keys.has(record._id)) return false;
    this.keys.set(record._id, { ...record });
    return true;
  }

  async find(key: string): Promise<R | null> {
    const record = this.keys.get(key);
    return record ? { ...record } : null;
  }

  async complete(key: string, response: { status: number; body: unknown }): Promise<void> {
    const record = this.keys.get(key);
    if (record?.state === 'processing') this.keys.set(key, { ...record, state: 'completed', response });
  }

  async release(key: string): Promise<void> {
    if (this.keys.get(key)?.state === 'processing') this.keys.delete(key);
  }

  async removeExpired(key: string, firstUsedAt: Date): Promise<void> {
    if (this.keys.get(key)?.firstUsedAt.getTime() === firstUsedAt.getTime()) this.keys.delete(key);
  }
}
