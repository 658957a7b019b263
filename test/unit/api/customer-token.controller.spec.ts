import { Controller, Get } from '@nestjs/common';
import request from 'supertest';
import { CustomerTokenGuard } from '../../../src/auth/customer-token.guard';
import { parseCustomerTokenSecrets } from '../../../src/auth/customer-token-secrets';
import { CUSTOMER_TOKEN_OPTIONS, CustomerTokenService, type CustomerTokenClaims } from '../../../src/auth/customer-tokens';
import { CurrentCustomer, CustomerTokenRoute } from '../../../src/auth/customer.decorator';
import { WAYBILL_CONFIG } from '../../../src/config/config.module';
import { CustomerTokenController } from '../../../src/customer/customer-token.controller';
import { OrderLookup } from '../../../src/customer/order-lookup';
import { bearer, useApiTestApp } from '../../support/api-test-app';

const SECRETS = 'k2026:customer-secret-0123456789abcdef-0123456789';
const clock = { now: new Date('2026-11-26T10:00:00Z') };

/** A customer route as the workflow author will write one. */
@Controller('v1/track/:token')
@CustomerTokenRoute()
class TrackProbeController {
  @Get('whoami')
  whoami(@CurrentCustomer() customer: CustomerTokenClaims): CustomerTokenClaims {
    return customer;
  }
}

describe('customer tokens over HTTP (real guards and pipe; order lookup mocked)', () => {
  const orders = { exists: jest.fn() };
  const api = useApiTestApp({
    controllers: [CustomerTokenController, TrackProbeController],
    providers: [
      // As CustomerModule registers them.
      { provide: CUSTOMER_TOKEN_OPTIONS, useValue: { keys: parseCustomerTokenSecrets(SECRETS), defaultTtlMs: 30 * 86_400_000, now: () => clock.now } },
      CustomerTokenService,
      CustomerTokenGuard,
      { provide: OrderLookup, useValue: orders },
      { provide: WAYBILL_CONFIG, useValue: { publicBaseUrl: 'https://track.shop.example' } },
    ],
  });

  beforeEach(() => {
    clock.now = new Date('2026-11-26T10:00:00Z');
    orders.exists.mockReset();
    orders.exists.mockResolvedValue(true);
  });

  const issue = (orderId = 'A-1001', body?: object) =>
    request(api.server).post(`/v1/orders/${orderId}/customer-token`).set('Authorization', bearer('platform')).send(body);

  describe('POST /v1/orders/{orderId}/customer-token', () => {
    it('answers 201 with the token, its expiry and the tracking link', async () => {
      const response = await issue().expect(201);
      expect(response.body).toEqual({
        token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        expiresAt: '2026-12-26T10:00:00.000Z',
        trackingUrl: `https://track.shop.example/t/${response.body.token}`,
      });
      expect(orders.exists).toHaveBeenCalledWith('A-1001');
    });

    it('takes a shorter lifetime in the body', async () => {
      const response = await issue('A-1001', { ttlMs: 3_600_000 }).expect(201);
      expect(response.body.expiresAt).toBe('2026-11-26T11:00:00.000Z');
    });

    it('answers 404 for an unknown order and issues nothing', async () => {
      orders.exists.mockResolvedValue(false);
      const response = await issue('A-404').expect(404);
      expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Order A-404 not found.' });
    });

    it.each([
      ['an invalid order ID', 'bad%24id', undefined],
      ['an unknown field', 'A-1001', { orderId: 'A-2002' }],
      ['a lifetime under a minute', 'A-1001', { ttlMs: 1000 }],
      ['a lifetime over a year', 'A-1001', { ttlMs: 400 * 86_400_000 }],
    ])('answers 400 for %s', async (_what, orderId, body) => {
      await issue(orderId, body).expect(400);
      expect(orders.exists).not.toHaveBeenCalled();
    });

    it('needs an API key (401) and lets platform, support and admin issue', async () => {
      await request(api.server).post('/v1/orders/A-1001/customer-token').expect(401);
      for (const role of ['platform', 'support', 'admin'] as const) {
        await request(api.server).post('/v1/orders/A-1001/customer-token').set('Authorization', bearer(role)).expect(201);
      }
    });
  });

  describe('CustomerTokenGuard on /v1/track/{token}/…', () => {
    it('lets a valid token through without an API key and hands the route its order and token ID', async () => {
      const { token } = (await issue().expect(201)).body;
      const response = await request(api.server).get(`/v1/track/${token}/whoami`).expect(200);
      expect(response.body).toEqual({ orderId: 'A-1001', tokenId: expect.stringMatching(/^[\w-]{22}$/), expiresAt: '2026-12-26T10:00:00.000Z' });
    });

    it('answers an expired token with 401 in the API’s error shape, saying it expired', async () => {
      const { token } = (await issue('A-1001', { ttlMs: 60_000 }).expect(201)).body;
      clock.now = new Date('2026-11-26T10:02:00Z');
      const response = await request(api.server).get(`/v1/track/${token}/whoami`).expect(401);
      expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'This link has expired.' });
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="waybill-customer"/);
    });

    it('answers a forged or garbled token with the same 401, and does not echo it', async () => {
      const { token } = (await issue().expect(201)).body;
      const [header, payload] = (token as string).split('.');
      const forged = `${header}.${payload}.${'A'.repeat(43)}`;
      for (const bad of [forged, 'not-a-token', `${token}x`]) {
        const response = await request(api.server).get(`/v1/track/${bad}/whoami`).expect(401);
        expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'This link is not valid.' });
        expect(JSON.stringify(response.body)).not.toContain(bad);
      }
    });

    it('does not take an API key instead of a token', async () => {
      await request(api.server).get('/v1/track/not-a-token/whoami').set('Authorization', bearer('admin')).expect(401);
    });
  });
});
