import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import {
  CHANNEL_NAMES,
  DEFAULT_NOTIFICATION_PREFERENCES,
  defaultNotificationPreferences,
  isValidCustomerRef,
  type ChannelName,
  type ChannelSelection,
  type NotificationPreferences,
} from '../../activities/notifications/notification-policy';
import { isDuplicateKeyError } from './mongoose-safety';
import { NOTIFICATION_PREFERENCES_MODEL } from './notification-preferences.schema';

export interface NotificationPreferencesDocument extends NotificationPreferences {
  /** The platform's customerRef. */
  _id: string;
  updatedAt: Date;
}

/** A customer's effective preferences: stored ones, or the defaults (`updatedAt` null). */
export interface EffectiveNotificationPreferences extends NotificationPreferences {
  customerRef: string;
  source: 'stored' | 'default';
  updatedAt: Date | null;
}

export class InvalidCustomerRefError extends Error {
  override readonly name = 'InvalidCustomerRefError';

  constructor() {
    super('customerRef must be 1-128 letters, digits, "_", ".", ":" or "-"');
  }
}

/** The only place that touches `notification_preferences`. */
@Injectable()
export class NotificationPreferencesRepository {
  constructor(@InjectModel(NOTIFICATION_PREFERENCES_MODEL) private readonly preferences: Model<NotificationPreferencesDocument>) {}

  /** What is stored for the customer; null when nothing is (or the reference is not one). */
  async find(customerRef: string): Promise<NotificationPreferencesDocument | null> {
    if (!isValidCustomerRef(customerRef)) return null;
    return this.preferences.findById(customerRef).lean<NotificationPreferencesDocument>().exec();
  }

  /** The stored preferences, or the defaults. */
  async get(customerRef: string): Promise<EffectiveNotificationPreferences> {
    const found = await this.find(customerRef);
    if (!found) return { customerRef, source: 'default', updatedAt: null, ...defaultNotificationPreferences() };
    return { customerRef, source: 'stored', updatedAt: new Date(found.updatedAt), ...toPreferences(found) };
  }

  /** Replaces the customer's preferences whole (an upsert). */
  async put(customerRef: string, preferences: NotificationPreferences): Promise<EffectiveNotificationPreferences> {
    if (!isValidCustomerRef(customerRef)) throw new InvalidCustomerRefError();
    const updatedAt = new Date();
    const stored = toPreferences(preferences);
    const replace = (upsert: boolean) =>
      this.preferences.replaceOne({ _id: customerRef }, { _id: customerRef, ...stored, updatedAt }, { upsert, runValidators: true }).exec();
    try {
      await replace(true);
    } catch (err) {
      // Two first writes raced and the other inserted: this one replaces it.
      if (!isDuplicateKeyError(err)) throw err;
      await replace(false);
    }
    return { customerRef, source: 'stored', updatedAt, ...stored };
  }

  /** Forgets the customer's choice: the defaults apply again. True when something was stored. */
  async remove(customerRef: string): Promise<boolean> {
    if (!isValidCustomerRef(customerRef)) return false;
    const { deletedCount } = await this.preferences.deleteOne({ _id: customerRef }).exec();
    return deletedCount === 1;
  }
}

const selection = (value: ChannelSelection): ChannelSelection => (Array.isArray(value) ? [...value] : value);

/**
 * Only the preference fields, whatever else the source carries. A channel missing from a stored
 * document (one written before that channel existed) takes its default, and so do absent quiet
 * hours; `null` quiet hours stay off.
 */
function toPreferences(source: NotificationPreferences): NotificationPreferences {
  const channels = Object.fromEntries(
    CHANNEL_NAMES.map((c) => [c, selection(source.channels?.[c] ?? DEFAULT_NOTIFICATION_PREFERENCES.channels[c])]),
  ) as Record<ChannelName, ChannelSelection>;
  const quietHours = source.quietHours === undefined ? DEFAULT_NOTIFICATION_PREFERENCES.quietHours : source.quietHours;
  return { channels, quietHours: quietHours ? { start: quietHours.start, end: quietHours.end } : null };
}
