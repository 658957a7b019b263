import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { EscrowTransactionRepository, type EscrowObject } from './escrow-transaction.repository';
import { SandboxEscrowTransaction } from './escrow-transaction.schema';

/** Insert and find only: FerretDB 1.x supports nothing fancier reliably (local-infra.md §5.4). */
@Injectable()
export class MongoEscrowTransactionRepository extends EscrowTransactionRepository {
  constructor(@InjectModel(SandboxEscrowTransaction.name) private readonly model: Model<SandboxEscrowTransaction>) {
    super();
  }

  async insert(transaction: SandboxEscrowTransaction): Promise<void> {
    await this.model.create({ ...transaction });
  }

  async listByOrder(object: EscrowObject, orderId: string): Promise<SandboxEscrowTransaction[]> {
    const docs = await this.model.find({ object, orderId }).sort({ createdAt: 1, _id: 1 }).lean<SandboxEscrowTransaction[]>().exec();
    return docs.map((doc) => ({ ...doc, createdAt: new Date(doc.createdAt) }));
  }
}
