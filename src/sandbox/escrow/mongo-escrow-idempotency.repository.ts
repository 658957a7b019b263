import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../../persistence/mongoose-safety';
import { EscrowIdempotencyRepository, type IdempotencyRecord } from './escrow-idempotency.repository';
import { SandboxEscrowIdempotencyKey } from './escrow-idempotency.schema';

/** Inserts on the primary key and single-document conditional updates, which FerretDB 1.x handles. */
@Injectable()
export class MongoEscrowIdempotencyRepository extends EscrowIdempotencyRepository {
  constructor(@InjectModel(SandboxEscrowIdempotencyKey.name) private readonly model: Model<SandboxEscrowIdempotencyKey>) {
    super();
  }

  async insert(record: IdempotencyRecord): Promise<boolean> {
    try {
      await this.model.create({ ...record });
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  async find(key: string): Promise<IdempotencyRecord | null> {
    const doc = await this.model.findById(key).lean<SandboxEscrowIdempotencyKey>().exec();
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
