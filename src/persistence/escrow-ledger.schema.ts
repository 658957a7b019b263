import { Schema } from 'mongoose';

/** One document per idempotency key (`escrow-release:<orderId>`, `escrow-refund:<orderId>`): its _id is the key. */
export const EscrowLedgerSchema = new Schema(
  {
    _id: { type: String },
    orderId: { type: String, required: true, index: true },
    action: { type: String, enum: ['release', 'refund'], required: true },
    amount: { type: Number, required: true },
    currency: { type: String, required: true },
    state: { type: String, enum: ['pending', 'settled', 'declined'], required: true },
    providerTransactionId: String,
    settledAt: Date,
    declineCode: String,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'escrow_ledger', versionKey: false },
);

export const ESCROW_LEDGER_MODEL = 'EscrowLedger';
