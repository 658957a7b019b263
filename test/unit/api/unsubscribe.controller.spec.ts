import request from 'supertest';
import { addressHashesOf } from '../../../activities/notifications/address-hash';
import { parseCustomerTokenSecrets } from '../../../src/auth/customer-token-secrets';
import { CustomerTokenService } from '../../../src/auth/customer-tokens';
import { UnsubscribeController } from '../../../src/notifications/unsubscribe.controller';
import { UnsubscribeService } from '../../../src/notifications/unsubscribe.service';
import {
  UNSUBSCRIBE_TOKEN_OPTIONS,
  UnsubscribeTokenService,
  unsubscribeTokenOptions,
  type UnsubscribeRequest,
} from '../../../src/notifications/unsubscribe-token.service';
import { NotificationSuppressionsRepository } from '../../../src/persistence/notification-suppressions.repository';
import { bearer, useApiTestApp } from '../../support/api-test-app';

const SECRETS = 'k2026:customer-secret-0123456789abcdef-0123456789';
const clock = { now: new Date('2026-11-26T10:00:00Z') };

const EMAIL = 'ann@example.com';
const PHONE = '+14155550123';
const hashes = addressHashesOf({ email: EMAIL, phone: PHONE, customerRef: 'cus_1' });
const emailLink: UnsubscribeRequest = { orderId: 'A-1001', customerRef: 'cus_1', channel: 'email', addressHashes: hashes };

describe('unsubscribe links over HTTP (real guard, token service and pipeline; suppressions mocked)', () => {
  let tokens: UnsubscribeTokenService;
  const suppressions = { suppress: jest.fn() };
  const api = useApiTestApp({
    controllers: [UnsubscribeController],
    providers: [
      // As NotificationsModule registers them, from the customer-token key ring.
      { provide: UNSUBSCRIBE_TOKEN_OPTIONS, useValue: { ...unsubscribeTokenOptions({ customerTokens: { secrets: SECRETS, ttlMs: 0 } }), now: () => clock.now } },
      UnsubscribeTokenService,
      UnsubscribeService,
      { provide: NotificationSuppressionsRepository, useValue: suppressions },
    ],
  });

  beforeAll(() => {
    tokens = api.moduleRef.get(UnsubscribeTokenService);
  });

  beforeEach(() => {
    clock.now = new Date('2026-11-26T10:00:00Z');
    suppressions.suppress.mockReset().mockResolvedValue(true);
  });

  const linkFor = async (req: UnsubscribeRequest = emailLink) => `/v1/unsubscribe/${(await tokens.issue(req)).token}`;

  describe('GET (what a mail scanner prefetches)', () => {
    it('shows a confirmation page with a POST form, and changes nothing', async () => {
      const response = await request(api.server).get(await linkFor()).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toMatch(/<form method="post">/);
      expect(response.text).toMatch(/<button type="submit" name="scope" value="link">Unsubscribe from emails<\/button>/);
      expect(response.text).toMatch(/value="all"[^>]*>Stop emails, text messages and push notifications</);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['content-security-policy']).toMatch(/form-action 'self'/);
      expect(response.text).not.toContain(EMAIL);
      expect(response.text).not.toContain('A-1001');
      expect(suppressions.suppress).not.toHaveBeenCalled();
    });

    it('offers no second button when the link names one channel only', async () => {
      const response = await request(api.server).get(await linkFor({ orderId: 'A-1', channel: 'sms', addressHashes: { sms: hashes.sms } })).expect(200);
      expect(response.text).toContain('Unsubscribe from text messages');
      expect(response.text).not.toContain('value="all"');
    });

    it('shows an error page for a refused link', async () => {
      const response = await request(api.server).get('/v1/unsubscribe/a.b.c').expect(401);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('This unsubscribe link is not valid.');
      await request(api.server).get('/v1/unsubscribe/not-a-token').expect(400);
      expect(suppressions.suppress).not.toHaveBeenCalled();
    });
  });

  describe('POST', () => {
    it('suppresses the link’s channel by hash, and answers JSON when asked', async () => {
      const response = await request(api.server).post(await linkFor()).set('Accept', 'application/json').expect(200);
      expect(response.body).toEqual({ unsubscribed: ['email'] });
      expect(suppressions.suppress).toHaveBeenCalledTimes(1);
      expect(suppressions.suppress).toHaveBeenCalledWith('email', hashes.email, {
        via: 'unsubscribe_link',
        orderId: 'A-1001',
        tokenId: expect.stringMatching(/^[\w-]{22}$/),
      });
      expect(JSON.stringify(suppressions.suppress.mock.calls)).not.toContain(EMAIL);
    });

    it('takes an RFC 8058 one-click POST (form body List-Unsubscribe=One-Click) and answers HTML by default', async () => {
      const response = await request(api.server)
        .post(await linkFor())
        .type('form')
        .send('List-Unsubscribe=One-Click')
        .expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain("<h1>You're unsubscribed</h1>");
      expect(suppressions.suppress).toHaveBeenCalledWith('email', hashes.email, expect.objectContaining({ via: 'one_click' }));
    });

    it('takes a one-click POST sent as multipart/form-data too (RFC 8058 allows either)', async () => {
      await request(api.server)
        .post(await linkFor())
        .field('List-Unsubscribe', 'One-Click')
        .set('Accept', 'application/json')
        .expect(200, { unsubscribed: ['email'] });
      expect(suppressions.suppress).toHaveBeenCalledWith('email', hashes.email, expect.objectContaining({ via: 'one_click' }));
    });

    it('stops every channel the link names with scope=all (the page’s second button), and for an `all` link', async () => {
      const widened = await request(api.server).post(await linkFor()).type('form').send('scope=all').set('Accept', 'application/json').expect(200);
      expect(widened.body).toEqual({ unsubscribed: ['email', 'sms', 'push'] });
      expect(suppressions.suppress.mock.calls.map(([channel, hash]) => [channel, hash])).toEqual([
        ['email', hashes.email],
        ['sms', hashes.sms],
        ['push', hashes.push],
      ]);
      suppressions.suppress.mockClear();
      const all = await request(api.server)
        .post(await linkFor({ orderId: 'A-1001', channel: 'all', addressHashes: { email: hashes.email, sms: hashes.sms } }))
        .set('Accept', 'application/json')
        .expect(200);
      expect(all.body).toEqual({ unsubscribed: ['email', 'sms'] });
    });

    it('refuses an expired link with 401, saying so, and changes nothing', async () => {
      const link = await linkFor();
      clock.now = new Date('2027-12-01T00:00:00Z');
      const response = await request(api.server).post(link).set('Accept', 'application/json').expect(401);
      expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringMatching(/has expired/) });
      expect(response.headers['www-authenticate']).toMatch(/realm="waybill-unsubscribe"/);
      expect(suppressions.suppress).not.toHaveBeenCalled();
    });

    it('refuses a forged link, and one signed with another key, with 401', async () => {
      const link = await linkFor();
      const [header, payload] = link.slice('/v1/unsubscribe/'.length).split('.');
      await request(api.server).post(`/v1/unsubscribe/${header}.${payload}.${'A'.repeat(43)}`).expect(401);
      const stranger = new UnsubscribeTokenService({ keys: parseCustomerTokenSecrets('k2026:another-secret-0123456789abcdef-012345'), now: () => clock.now });
      await request(api.server).post(`/v1/unsubscribe/${(await stranger.issue(emailLink)).token}`).expect(401);
      expect(suppressions.suppress).not.toHaveBeenCalled();
    });

    it('refuses a customer tracking token (same key ring, other audience) with 401', async () => {
      const customer = new CustomerTokenService({ keys: parseCustomerTokenSecrets(SECRETS), defaultTtlMs: 86_400_000, now: () => clock.now });
      const { token } = await customer.issue('A-1001');
      const response = await request(api.server).post(`/v1/unsubscribe/${token}`).set('Accept', 'application/json').expect(401);
      expect(response.body.message).toBe('This unsubscribe link is not valid.');
      expect(JSON.stringify(response.body)).not.toContain(token);
      expect(suppressions.suppress).not.toHaveBeenCalled();
    });

    it.each([
      ['an unknown field', 'unsubscribe=yes'],
      ['another List-Unsubscribe value', 'List-Unsubscribe=Please'],
      ['an unknown scope', 'scope=everything'],
    ])('answers 400 for %s, and changes nothing', async (_what, body) => {
      const response = await request(api.server).post(await linkFor()).type('form').send(body).set('Accept', 'application/json').expect(400);
      expect(response.body.statusCode).toBe(400);
      expect(suppressions.suppress).not.toHaveBeenCalled();
    });

    it('answers 400 for something that is not a token', async () => {
      await request(api.server).post('/v1/unsubscribe/not-a-token').expect(400);
      await request(api.server).post(`/v1/unsubscribe/${'a'.repeat(1500)}.${'b'.repeat(600)}.c`).expect(400);
      expect(suppressions.suppress).not.toHaveBeenCalled();
    });

    it('needs no API key, and an API key does not stand in for the token', async () => {
      await request(api.server).post('/v1/unsubscribe/a.b.c').set('Authorization', bearer('admin')).expect(401);
      expect(suppressions.suppress).not.toHaveBeenCalled();
    });
  });
});
