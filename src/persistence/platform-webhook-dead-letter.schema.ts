import { Schema } from 'mongoose';

/**
 * One document per webhook given up on: its _id is the webhook ID (`evt_order_<orderId>_<sequence>`),
 * unique by construction, so a retried record cannot insert twice.
 */
export const PlatformWebhookDeadLetterSchema = new Schema(
  {
    _id: { type: String },
    orderId: { type: String, required: true },
    sequence: { type: Number, required: true },
    /** The OrderStatusWebhook as the workflow sent it: business IDs and statuses, no personal data. */
    payload: { type: Schema.Types.Mixed, required: true },
    failure: {
      type: new Schema({ type: { type: String, required: true }, message: { type: String, required: true }, httpStatus: Number }, { _id: false }),
      required: true,
    },
    attempts: { type: Number, required: true },
    deadAt: { type: Date, required: true },
    replayedAt: Date,
    replayOutcome: {
      type: new Schema(
        {
          result: { type: String, enum: ['delivered', 'failed'], required: true },
          httpStatus: Number,
          failure: { type: new Schema({ type: { type: String }, message: String, httpStatus: Number }, { _id: false }) },
          replayedBy: { type: String, required: true },
        },
        { _id: false },
      ),
    },
    replays: { type: Number, required: true, default: 0 },
  },
  { collection: 'platform_webhook_dead_letters', versionKey: false, minimize: false },
);
// Newest first, with _id as the tie-break of keyset pagination: all dead letters, and by order.
PlatformWebhookDeadLetterSchema.index({ deadAt: -1, _id: -1 });
PlatformWebhookDeadLetterSchema.index({ orderId: 1, deadAt: -1, _id: -1 });

export const PLATFORM_WEBHOOK_DEAD_LETTER_MODEL = 'PlatformWebhookDeadLetter';
