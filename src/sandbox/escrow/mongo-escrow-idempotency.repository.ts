import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { MongoIdempotencyKeyRepository } from '../idempotency/mongo-idempotency-key.repository';
import type { EscrowIdempotencyRepository } from './escrow-idempotency.repository';
import { SandboxEscrowIdempotencyKey } from './escrow-idempotency.schema';

@Injectable()
export class MongoEscrowIdempotencyRepository extends MongoIdempotencyKeyRepository<SandboxEscrowIdempotencyKey> implements EscrowIdempotencyRepository {
  constructor(@InjectModel(SandboxEscrowIdempotencyKey.name) model: Model<SandboxEscrowIdempotencyKey>) {
    super(model);
  }
}
