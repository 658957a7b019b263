import { Schema } from 'mongoose';

/** One document per (order, milestone, parcel, channel): its _id is the outbox key itself. */
export const OutboxDocumentSchema = new Schema(
  {
    _id: { type: String },
    orderId: { type: String, required: true, index: true },
    milestone: { type: String, required: true },
    channel: { type: String, required: true },
    state: { type: String, enum: ['claimed', 'sent', 'failed'], required: true },
    claimedAt: { type: Date, required: true },
    claims: { type: Number, default: 1 },
    sentAt: Date,
    providerMessageId: String,
    failureReason: String,
  },
  { collection: 'notification_outbox', versionKey: false },
);

export const OUTBOX_MODEL = 'NotificationOutbox';
