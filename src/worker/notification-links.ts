import { addressHashesOf } from '../../activities/notifications/address-hash';
import type { NotificationLinkBuilder } from '../../activities/notifications/notification.activities';
import type { NotificationRequest } from '../../activities/notifications/notification.types';
import type { MessageLinks } from '../../activities/notifications/templates';
import { NotificationChannel } from '../../workflows/shared/vocabulary';
import { UnsubscribeTokenService, unsubscribeUrl } from '../notifications/unsubscribe-token.service';

/**
 * Signs the links a message carries, at send time in the worker: an email's one-click unsubscribe
 * (this channel, or every channel from its page). SMS opts out by STOP at the provider; push by the
 * platform's app settings.
 */
export class SignedNotificationLinks implements NotificationLinkBuilder {
  constructor(
    private readonly tokens: UnsubscribeTokenService,
    private readonly publicBaseUrl: string,
  ) {}

  async linksFor(request: NotificationRequest): Promise<MessageLinks> {
    if (request.channel !== NotificationChannel.EMAIL) return {};
    const { customer } = request;
    const { token } = await this.tokens.issue({
      orderId: request.orderId,
      customerRef: customer.customerRef,
      channel: 'email',
      addressHashes: addressHashesOf({ email: customer.email, phone: customer.phone, customerRef: customer.customerRef }),
    });
    return { unsubscribeEmail: unsubscribeUrl(this.publicBaseUrl, token) };
  }
}
