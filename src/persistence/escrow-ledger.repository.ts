import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { type Model } from 'mongoose';
import type { EscrowIntent, EscrowLedger, EscrowLedgerEntry, EscrowLedgerState } from '../../activities/escrow/escrow-ledger';
import type { EscrowAction } from '../../activities/escrow/escrow.types';
import { ESCROW_LEDGER_MODEL } from './escrow-ledger.schema';
import { isDuplicateKeyError } from './mongoose-safety';

export interface EscrowLedgerDocument {
  _id: string;
  orderId: string;
  action: EscrowAction;
  amount: number;
  currency: string;
  state: EscrowLedgerState;
  providerTransactionId?: string;
  settledAt?: Date;
  declineCode?: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The escrow ledger in MongoDB. Inserts and conditional single-document updates only, so two
 * attempts racing on one key agree on its first settlement.
 */
@Injectable()
export class EscrowLedgerRepository implements EscrowLedger {
  constructor(@InjectModel(ESCROW_LEDGER_MODEL) private readonly ledger: Model<EscrowLedgerDocument>) {}

  async find(idempotencyKey: string): Promise<EscrowLedgerEntry | null> {
    const doc = await this.ledger.findById(idempotencyKey).lean<EscrowLedgerDocument>().exec();
    return doc ? toEntry(doc) : null;
  }

  async recordPending(intent: EscrowIntent): Promise<EscrowLedgerEntry> {
    const now = new Date();
    const { idempotencyKey, ...fields } = intent;
    try {
      await this.ledger.create({ _id: idempotencyKey, ...fields, state: 'pending', createdAt: now, updatedAt: now });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    return this.existing(idempotencyKey);
  }

  async recordSettled(intent: EscrowIntent, settlement: { providerTransactionId: string; settledAt: Date }): Promise<EscrowLedgerEntry> {
    await this.recordPending(intent);
    // Only an unsettled entry moves: a key settled once keeps its first transaction.
    await this.ledger
      .updateOne(
        { _id: intent.idempotencyKey, state: mongoose.trusted({ $ne: 'settled' }) },
        { $set: { state: 'settled', ...settlement, updatedAt: new Date() }, $unset: { declineCode: 1 } },
      )
      .exec();
    return this.existing(intent.idempotencyKey);
  }

  async recordDeclined(idempotencyKey: string, declineCode: string): Promise<void> {
    await this.ledger.updateOne({ _id: idempotencyKey, state: 'pending' }, { $set: { state: 'declined', declineCode, updatedAt: new Date() } }).exec();
  }

  async listByOrder(orderId: string): Promise<EscrowLedgerEntry[]> {
    const docs = await this.ledger.find({ orderId }).sort({ createdAt: 1, _id: 1 }).lean<EscrowLedgerDocument[]>().exec();
    return docs.map(toEntry);
  }

  private async existing(idempotencyKey: string): Promise<EscrowLedgerEntry> {
    const doc = await this.ledger.findById(idempotencyKey).lean<EscrowLedgerDocument>().exec();
    if (!doc) throw new Error(`Escrow ledger entry ${idempotencyKey} disappeared`);
    return toEntry(doc);
  }
}

function toEntry(doc: EscrowLedgerDocument): EscrowLedgerEntry {
  const entry: EscrowLedgerEntry = {
    idempotencyKey: doc._id,
    orderId: doc.orderId,
    action: doc.action,
    amount: doc.amount,
    currency: doc.currency,
    state: doc.state,
    createdAt: new Date(doc.createdAt),
    updatedAt: new Date(doc.updatedAt),
  };
  if (doc.providerTransactionId) entry.providerTransactionId = doc.providerTransactionId;
  if (doc.settledAt) entry.settledAt = new Date(doc.settledAt);
  if (doc.declineCode) entry.declineCode = doc.declineCode;
  return entry;
}
