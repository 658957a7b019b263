import type { Model } from 'mongoose';
import { insertIfAbsent } from '../../persistence/insert-if-absent';
import type { IdempotencyKeyRepository } from './idempotency-key.repository';
import type { SandboxIdempotencyKey } from './idempotency-key.schema';

/**
 * Idempotency keys in one emulator's collection. Inserts on the primary key and single-document
 * conditional updates only, which FerretDB 1.x handles. Subclasses inject their own model.
 */
export class MongoIdempotencyKeyRepository<R extends SandboxIdempotencyKey> implements IdempotencyKeyRepository<R> {
  constructor(private readonly model: Model<R>) {}

  insert(record: R): Promise<boolean> {
    return insertIfAbsent(this.model, record);
  }

  async find(key: string): Promise<R | null> {
    const doc = await this.model.findById(key).lean<R>().exec();
    return doc ? { ...doc, firstUsedAt: new Date(doc.firstUsedAt), expiresAt: new Date(doc.expiresAt) } : null;
  }

  async complete(key: string, response: { status: number; body: unknown }): Promise<void> {
    await this.model.updateOne({ _id: key, state: 'processing' }, { $set: { state: 'completed', response } }).exec();
  }

  async release(key: string): Promise<void> {
    await this.model.deleteOne({ _id: key, state: 'processing' }).exec();
  }

  async removeExpired(key: string, firstUsedAt: Date): Promise<void> {
    await this.model.deleteOne({ _id: key, firstUsedAt }).exec();
  }
}
