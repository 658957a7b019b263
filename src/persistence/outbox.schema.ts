import { Schema } from 'mongoose';

/** One document per (order, milestone, parcel, channel): its _id is the outbox key itself. */
export const OutboxDocumentSchema = new Schema(
  {
    _id: { type: String },
    orderId: { type: String, required: true, index: true },
    milestone: { type: String, required: true },
    channel: { type: String, required: true },
    state: { type: String, enum: ['claimed', 'sent', 'failed', 'skipped'], required: true },
    claimedAt: { type: Date, required: true },
    claims: { type: Number, default: 1 },
    /** The first claim (entries from before this field have none; claimedAt moves on takeover). */
    createdAt: Date,
    sentAt: Date,
    failedAt: Date,
    providerMessageId: String,
    failureReason: String,
    skipReason: String,
  },
  { collection: 'notification_outbox', versionKey: false },
);

export const OUTBOX_MODEL = 'NotificationOutbox';
