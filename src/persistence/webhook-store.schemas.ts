import { Schema } from 'mongoose';

/**
 * Every verified webhook payload, keyed so that a replayed one is recognised. A `received` entry is
 * a durable queue item: it holds the parsed updates until they are handed to the shipments, then
 * drops them (the shipments and the read model keep what matters) and becomes `processed`.
 * Processed keys are forgotten after WEBHOOK_INBOX_RETENTION_DAYS (the forwarder's sweep deletes
 * them; FerretDB has no TTL indexes).
 */
export const WebhookInboxSchema = new Schema(
  {
    _id: { type: String },
    source: { type: String, required: true },
    state: { type: String, enum: ['received', 'processed'], required: true },
    receivedAt: { type: Date, required: true },
    processedAt: Date,
    /** How many tracking updates the payload held. */
    updates: Number,
    /** The parsed updates, while they wait to be handed over. */
    pendingUpdates: Schema.Types.Mixed,
    /** Nobody may take the entry before this: a forwarder holds it, or it waits for its next try. */
    leaseUntil: Date,
    /** Hand-over attempts so far, for the back-off. */
    attempts: Number,
    /** One per parcel the payload updates (`carrier:trackingNumber`): a parcel's payloads go over in arrival order. */
    lanes: [String],
    /** Arrival order (microseconds, strictly increasing per process). */
    sequence: Number,
  },
  { collection: 'webhook_inbox', versionKey: false },
);
WebhookInboxSchema.index({ state: 1, sequence: 1 });
WebhookInboxSchema.index({ lanes: 1, state: 1 });
WebhookInboxSchema.index({ state: 1, processedAt: 1 });

/**
 * Pushed events for tracking numbers no shipment has yet. Kept for a bounded time (`expiresAt`), for
 * a shipment added later to take. Expired entries are deleted on the next insert: FerretDB has no
 * TTL indexes.
 */
export const UnmatchedWebhookEventsSchema = new Schema(
  {
    carrier: { type: String, required: true },
    trackingNumber: { type: String, required: true },
    update: { type: Schema.Types.Mixed, required: true },
    receivedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true, index: true },
  },
  { collection: 'webhook_unmatched', versionKey: false },
);
UnmatchedWebhookEventsSchema.index({ carrier: 1, trackingNumber: 1 });

export const WEBHOOK_INBOX_MODEL = 'WebhookInbox';
export const UNMATCHED_EVENTS_MODEL = 'UnmatchedWebhookEvents';
