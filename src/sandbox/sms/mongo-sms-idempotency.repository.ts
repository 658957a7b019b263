import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { MongoIdempotencyKeyRepository } from '../idempotency/mongo-idempotency-key.repository';
import type { SmsIdempotencyRepository } from './sms-idempotency.repository';
import { SandboxSmsIdempotencyKey } from './sms-idempotency.schema';

@Injectable()
export class MongoSmsIdempotencyRepository extends MongoIdempotencyKeyRepository<SandboxSmsIdempotencyKey> implements SmsIdempotencyRepository {
  constructor(@InjectModel(SandboxSmsIdempotencyKey.name) model: Model<SandboxSmsIdempotencyKey>) {
    super(model);
  }
}
