import { Schema } from 'mongoose';
import { CHANNEL_NAMES } from '../../activities/notifications/notification-policy';
import { ADDRESS_HASH_PATTERN } from '../../activities/notifications/address-hash';

export const SUPPRESSION_SOURCES = ['unsubscribe_link', 'one_click', 'api'] as const;

/**
 * Unsubscribes: one document per (channel, address hash), its _id `<channel>:<sha256 hex>`. The
 * address itself is never stored (see hashAddress). `source` says how it came: the link's page,
 * a mail client's RFC 8058 one-click POST, or the API; with the order and token it came from.
 * Looked up by _id only, so no further index.
 */
export const NotificationSuppressionSchema = new Schema(
  {
    _id: { type: String },
    channel: { type: String, enum: CHANNEL_NAMES, required: true },
    addressHash: { type: String, required: true, match: ADDRESS_HASH_PATTERN },
    source: {
      via: { type: String, enum: SUPPRESSION_SOURCES, required: true },
      orderId: String,
      tokenId: String,
    },
    createdAt: { type: Date, required: true },
  },
  { collection: 'notification_suppressions', versionKey: false },
);

export const NOTIFICATION_SUPPRESSION_MODEL = 'NotificationSuppression';
