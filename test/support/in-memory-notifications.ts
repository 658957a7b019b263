import { defaultNotificationPreferences, type ChannelName, type NotificationPolicyStore, type NotificationPreferences } from '../../activities/notifications/notification-policy';
import type { PushMessage, PushSender, PushSendResult } from '../../activities/notifications/push/push-sender';
import type { OutgoingSms, SmsSender, SmsSent } from '../../activities/notifications/sms/sms-sender';

/** Every SMS the activity handed over, with the idempotency provider semantics: a repeated key sends nothing new. */
export class RecordingSmsSender implements SmsSender {
  readonly sent: OutgoingSms[] = [];

  async send(message: OutgoingSms): Promise<SmsSent> {
    if (!this.sent.some((m) => m.idempotencyKey === message.idempotencyKey)) this.sent.push(message);
    return { providerMessageId: `SM${message.idempotencyKey.length}`, segments: 1 };
  }
}

export class RecordingPushSender implements PushSender {
  readonly sent: PushMessage[] = [];

  async send(message: PushMessage): Promise<PushSendResult> {
    if (!this.sent.some((m) => m.id === message.id)) this.sent.push(message);
    return { providerMessageId: message.id, deliveredTo: 1 };
  }
}

/** Preferences by customer reference and unsubscribed addresses, in memory. */
export class InMemoryNotificationPolicy implements NotificationPolicyStore {
  readonly preferences = new Map<string, NotificationPreferences>();
  readonly suppressed = new Set<string>();

  async preferencesFor(customerRef?: string): Promise<NotificationPreferences> {
    return (customerRef && this.preferences.get(customerRef)) || defaultNotificationPreferences();
  }

  async isSuppressed(channel: ChannelName, address: string): Promise<boolean> {
    return this.suppressed.has(`${channel}:${address}`);
  }
}
