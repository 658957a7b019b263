import { Injectable } from '@nestjs/common';
import {
  defaultNotificationPreferences,
  isValidCustomerRef,
  type ChannelName,
  type NotificationPolicyStore,
  type NotificationPreferences,
} from '../../activities/notifications/notification-policy';
import { NotificationPreferencesRepository } from '../persistence/notification-preferences.repository';
import { NotificationSuppressionsRepository } from '../persistence/notification-suppressions.repository';

/**
 * The notification activities' view of preferences and unsubscribes, on MongoDB. Register it as a
 * provider of the worker (it needs PersistenceModule) and hand it to createNotificationPolicyActivities.
 */
@Injectable()
export class MongoNotificationPolicyStore implements NotificationPolicyStore {
  constructor(
    private readonly preferences: NotificationPreferencesRepository,
    private readonly suppressions: NotificationSuppressionsRepository,
  ) {}

  async preferencesFor(customerRef?: string): Promise<NotificationPreferences> {
    if (!isValidCustomerRef(customerRef)) return defaultNotificationPreferences();
    const { channels, quietHours } = await this.preferences.get(customerRef);
    return { channels, quietHours };
  }

  isSuppressed(channel: ChannelName, address: string): Promise<boolean> {
    return this.suppressions.isSuppressed(channel, address);
  }
}
