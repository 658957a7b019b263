import { decodeJwt } from 'jose';
import type { NotificationRequest } from '../../../activities/notifications/notification.types';
import { renderMilestoneEmail } from '../../../activities/notifications/templates';
import { parseCustomerTokenSecrets } from '../../../src/auth/customer-token-secrets';
import { CustomerTokenService } from '../../../src/auth/customer-tokens';
import { UnsubscribeTokenService } from '../../../src/notifications/unsubscribe-token.service';
import { SignedNotificationLinks } from '../../../src/worker/notification-links';
import { Milestone, NotificationChannel, type NotificationChannel as Channel } from '../../../workflows/shared/vocabulary';

/*
 * The links the worker signs into each message: Waybill's tracking page on every channel (a
 * customer token for the order, from the same key ring the API verifies with) and, in email, the
 * unsubscribe link. Tokens carry nothing personal.
 */

const SECRETS = 'k2026:customer-secret-0123456789abcdef-0123456789';
const BASE = 'https://track.northwind.example';
const keys = parseCustomerTokenSecrets(SECRETS);
const customerTokens = new CustomerTokenService({ keys, defaultTtlMs: 30 * 86_400_000 });
const links = new SignedNotificationLinks(new UnsubscribeTokenService({ keys }), customerTokens, BASE);

const request = (channel: Channel): NotificationRequest => ({
  orderId: 'A-1001',
  milestone: Milestone.SHIPPED,
  channel,
  shipmentId: 'shp_1',
  customer: { name: 'Ana Lima', email: 'ana.lima@example.com', phone: '+14155550123', customerRef: 'cus_1' },
  shipment: { carrier: 'ups', trackingNumber: '1Z5R89390357567127', trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127' },
});

const tokenOf = (page: string | undefined): string => {
  const prefix = `${BASE}/t/`;
  expect(page?.startsWith(prefix)).toBe(true);
  return decodeURIComponent(page!.slice(prefix.length));
};

describe('SignedNotificationLinks', () => {
  it('gives sms messages a short link to the tracking page, which the API accepts as that order’s token', async () => {
    const { trackingPage } = await links.linksFor(request(NotificationChannel.SMS));
    const token = tokenOf(trackingPage);
    expect(token.length).toBeLessThan(60);
    const claims = await customerTokens.verify(token);
    expect(claims).toMatchObject({ orderId: 'A-1001' });
    expect(claims.expiresAt.getTime() - Date.now()).toBeGreaterThan(30 * 86_400_000 - 60_000);
    expect(token).not.toMatch(/ana|4155550123|cus_1/i);
  });

  it.each([NotificationChannel.EMAIL, NotificationChannel.PUSH])('gives %s messages the order’s tracking page, which the API accepts as that order’s token', async (channel) => {
    const { trackingPage } = await links.linksFor(request(channel));
    const token = tokenOf(trackingPage);
    await expect(customerTokens.verify(token)).resolves.toMatchObject({ orderId: 'A-1001' });
    const claims = decodeJwt(token);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
    expect((claims.exp! - claims.iat!) * 1000).toBe(30 * 86_400_000);
    expect(JSON.stringify(claims)).not.toMatch(/ana|4155550123|cus_1/i);
  });

  it('adds the unsubscribe link to email only', async () => {
    expect(Object.keys(await links.linksFor(request(NotificationChannel.EMAIL))).sort()).toEqual(['trackingPage', 'unsubscribeEmail']);
    expect(Object.keys(await links.linksFor(request(NotificationChannel.SMS)))).toEqual(['trackingPage']);
  });

  it('is rendered by the email templates beside the carrier’s link', async () => {
    const message = request(NotificationChannel.EMAIL);
    const rendered = renderMilestoneEmail(message, { name: 'Northwind' }, await links.linksFor(message));
    expect(rendered.text).toMatch(new RegExp(`See your order: ${BASE}/t/[\\w.-]+`));
    expect(rendered.text).toContain('https://www.ups.com/track?tracknum=1Z5R89390357567127');
  });
});
