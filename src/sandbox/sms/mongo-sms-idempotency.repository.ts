import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../../persistence/mongoose-safety';
import { SmsIdempotencyRepository, type SmsIdempotencyRecord } from './sms-idempotency.repository';
import { SandboxSmsIdempotencyKey } from './sms-idempotency.schema';

/** Inserts on the primary key and single-document conditional updates, which FerretDB 1.x handles. */
@Injectable()
export class MongoSmsIdempotencyRepository extends SmsIdempotencyRepository {
  constructor(@InjectModel(SandboxSmsIdempotencyKey.name) private readonly model: Model<SandboxSmsIdempotencyKey>) {
    super();
  }

  async insert(record: SmsIdempotencyRecord): Promise<boolean> {
    try {
      await this.model.create({ ...record });
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  async find(key: string): Promise<SmsIdempotencyRecord | null> {
    const doc = await this.model.findById(key).lean<SandboxSmsIdempotencyKey>().exec();
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
