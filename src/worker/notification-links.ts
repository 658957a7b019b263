import { addressHashesOf } from '../../activities/notifications/address-hash';
import type { NotificationLinkBuilder } from '../../activities/notifications/notification.activities';
import type { NotificationRequest } from '../../activities/notifications/notification.types';
import type { MessageLinks } from '../../activities/notifications/templates';
import { NotificationChannel } from '../../workflows/shared/vocabulary';
import type { CustomerTokenService } from '../auth/customer-tokens';
import { UnsubscribeTokenService, unsubscribeUrl } from '../notifications/unsubscribe-token.service';

/** The customer's tracking page for a token: `${publicBaseUrl}/t/{token}` (docs/tracking-page.md). */
export const trackingPageUrl = (publicBaseUrl: string, token: string): string => `${publicBaseUrl.replace(/\/+$/, '')}/t/${encodeURIComponent(token)}`;

/**
 * Signs the links a message carries, at send time in the worker, so no token ever sits in workflow
 * history: on every channel, Waybill's tracking page for the order (a customer token, as the
 * platform's POST /v1/orders/{orderId}/customer-token issues, living CUSTOMER_TOKEN_TTL_MS); in an
 * email, the one-click unsubscribe (this channel, or every channel from its page). SMS opts out by
 * STOP at the provider; push by the platform's app settings.
 */
export class SignedNotificationLinks implements NotificationLinkBuilder {
  constructor(
    private readonly unsubscribeTokens: UnsubscribeTokenService,
    private readonly customerTokens: CustomerTokenService,
    private readonly publicBaseUrl: string,
  ) {}

  async linksFor(request: NotificationRequest): Promise<MessageLinks> {
    // An SMS is billed by the segment: it gets the short form of the same grant.
    const page = request.channel === NotificationChannel.SMS ? this.customerTokens.issueCompact(request.orderId) : await this.customerTokens.issue(request.orderId);
    const trackingPage = trackingPageUrl(this.publicBaseUrl, page.token);
    if (request.channel !== NotificationChannel.EMAIL) return { trackingPage };
    const { customer } = request;
    const { token } = await this.unsubscribeTokens.issue({
      orderId: request.orderId,
      customerRef: customer.customerRef,
      channel: 'email',
      addressHashes: addressHashesOf({ email: customer.email, phone: customer.phone, customerRef: customer.customerRef }),
    });
    return { trackingPage, unsubscribeEmail: unsubscribeUrl(this.publicBaseUrl, token) };
  }
}
