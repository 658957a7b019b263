import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ADDRESS_HASH_PATTERN, hashAddress } from '../../activities/notifications/address-hash';
import { CHANNEL_NAMES, type ChannelName } from '../../activities/notifications/notification-policy';
import { isDuplicateKeyError } from './mongoose-safety';
import { NOTIFICATION_SUPPRESSION_MODEL, type SUPPRESSION_SOURCES } from './notification-suppressions.schema';

/** How an unsubscribe came, and from which order and token: no personal data. */
export interface SuppressionSource {
  via: (typeof SUPPRESSION_SOURCES)[number];
  orderId?: string;
  /** The unsubscribe token's `jti`. */
  tokenId?: string;
}

export interface NotificationSuppressionDocument {
  /** `<channel>:<addressHash>`. */
  _id: string;
  channel: ChannelName;
  addressHash: string;
  source: SuppressionSource;
  createdAt: Date;
}

const suppressionId = (channel: ChannelName, addressHash: string): string => `${channel}:${addressHash}`;

function checked(channel: ChannelName, addressHash: string): string {
  if (!CHANNEL_NAMES.includes(channel)) throw new Error('Not a notification channel');
  if (typeof addressHash !== 'string' || !ADDRESS_HASH_PATTERN.test(addressHash)) throw new Error('Not an address hash (64 lower-case hex digits)');
  return suppressionId(channel, addressHash);
}

/**
 * The only place that touches `notification_suppressions`: who unsubscribed from what, by address
 * hash. Callers with a raw address hand it over and it is hashed here; it is never stored.
 */
@Injectable()
export class NotificationSuppressionsRepository {
  constructor(@InjectModel(NOTIFICATION_SUPPRESSION_MODEL) private readonly suppressions: Model<NotificationSuppressionDocument>) {}

  /**
   * Records an unsubscribe. Idempotent: a second one for the same (channel, address) changes
   * nothing, so the first source and time stay on record. True when this call recorded it.
   */
  async suppress(channel: ChannelName, addressHash: string, source: SuppressionSource): Promise<boolean> {
    const _id = checked(channel, addressHash);
    const document: NotificationSuppressionDocument = {
      _id,
      channel,
      addressHash,
      source: { via: source.via, ...(source.orderId && { orderId: source.orderId }), ...(source.tokenId && { tokenId: source.tokenId }) },
      createdAt: new Date(),
    };
    try {
      await this.suppressions.create(document);
      return true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return false;
    }
  }

  /** Whether the address unsubscribed from the channel. */
  async isSuppressed(channel: ChannelName, address: string): Promise<boolean> {
    return this.isHashSuppressed(channel, hashAddress(channel, address));
  }

  async isHashSuppressed(channel: ChannelName, addressHash: string): Promise<boolean> {
    const found = await this.suppressions.exists({ _id: checked(channel, addressHash) }).exec();
    return found !== null;
  }

  /** Lifts an unsubscribe (the customer opted in again). True when there was one. */
  async resubscribe(channel: ChannelName, address: string): Promise<boolean> {
    return this.resubscribeHash(channel, hashAddress(channel, address));
  }

  async resubscribeHash(channel: ChannelName, addressHash: string): Promise<boolean> {
    const { deletedCount } = await this.suppressions.deleteOne({ _id: checked(channel, addressHash) }).exec();
    return deletedCount === 1;
  }

  async find(channel: ChannelName, addressHash: string): Promise<NotificationSuppressionDocument | null> {
    return this.suppressions.findById(checked(channel, addressHash)).lean<NotificationSuppressionDocument>().exec();
  }
}
