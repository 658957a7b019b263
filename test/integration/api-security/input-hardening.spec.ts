import type { Client } from '@temporalio/client';
import request from 'supertest';
import { TEMPORAL_CLIENT } from '../../../src/temporal/temporal-client.module';
import { bearerOf, useSecurityTestApp } from '../../support/security-test-app';

/*
 * What the API does with hostile input, against the whole app as production builds it: operator
 * injection in bodies, query strings and paths, attempts to set server-owned fields, oversized and
 * malformed bodies, floods, and the headers every answer carries. Every refusal is a 4xx and
 * changes nothing, which is checked against the database and Temporal, not just the status code.
 */

/** The collections a request could change. */
const MODELS = ['Order', 'Shipment', 'NotificationPreferences', 'NotificationSuppression', 'ApiKey', 'SupportAlert', 'PlatformWebhookDeadLetter', 'WebhookInbox'];

const ORDER = { orderId: 'SEC-IN-1', customer: { name: 'Grace Hopper', email: 'grace@example.com' }, escrow: { amount: 1299, currency: 'USD' } };

const encode = (value: unknown): string => encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value));

/** Each test's own client address (TRUST_PROXY=loopback here), so no test spends another's request budget. */
let nextIp = 1;
const freshIp = (): string => `198.51.100.${nextIp++}`;

describe('API security: hostile input', () => {
  const api = useSecurityTestApp('api_security_input', {
    env: {
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_PUBLIC: '3/1m',
      RATE_LIMIT_WEBHOOKS: '4/1m',
      RATE_LIMIT_CUSTOMER_TOKENS: '3/1m',
      RATE_LIMIT_RESEND: '2/1m',
      RATE_LIMIT_REFRESH: '2/1m',
    },
  });
  let customerToken = '';

  const snapshot = async (): Promise<string> => {
    const collections = await Promise.all(MODELS.map(async (name) => [name, await api.model(name).find().sort({ _id: 1 }).lean().exec()] as const));
    const workflows = await api.app.get<Client>(TEMPORAL_CLIENT).workflow.count();
    return JSON.stringify({ collections, workflows: workflows.count });
  };

  /** Runs the requests, each of which must be refused with a 4xx, and checks that nothing changed. */
  const expectRefusedAndNothingChanged = async (calls: Array<() => request.Test>, statuses: number[] = [400]) => {
    const before = await snapshot();
    for (const call of calls) {
      const res = await call();
      if (!statuses.includes(res.status)) {
        const { method, url } = res.request as unknown as { method: string; url: string };
        throw new Error(`${method} ${url} answered ${res.status}: ${res.text.slice(0, 300)}`);
      }
    }
    expect(await snapshot()).toBe(before);
  };

  beforeAll(async () => {
    // Orders as the worker leaves them in the read model. No workflow is started: with no worker to
    // answer, the live query an order's answer makes would outlive this file's Temporal connection.
    const now = new Date();
    await api.model('Order').create([
      { _id: ORDER.orderId, orderId: ORDER.orderId, status: 'in_transit', escrow: { state: 'held', amount: 1299, currency: 'USD' }, createdAt: now, updatedAt: now, revision: 2 },
      // To list, so a filter that leaked would have something to leak.
      ...['delivered', 'in_transit', 'cancelled'].map((status, i) => ({ _id: `SEC-RM-${i}`, orderId: `SEC-RM-${i}`, status, escrow: { state: 'none' }, createdAt: now, updatedAt: now, revision: 1 })),
    ]);
    const issued = await request(api.server).post(`/v1/orders/${ORDER.orderId}/customer-token`).set('Authorization', bearerOf('admin')).send({}).expect(201);
    customerToken = issued.body.token;
    await request(api.server)
      .put('/v1/customers/cust-sec-1/notification-preferences')
      .set('Authorization', bearerOf('platform'))
      .send({ channels: { sms: 'none' } })
      .expect(200);
  }, 60_000);

  const as = (role: 'platform' | 'support' | 'admin') => ({
    get: (path: string) => request(api.server).get(path).set('Authorization', bearerOf(role)),
    post: (path: string, body?: unknown) => request(api.server).post(path).set('Authorization', bearerOf(role)).send(body as object),
    put: (path: string, body?: unknown) => request(api.server).put(path).set('Authorization', bearerOf(role)).send(body as object),
  });

  describe('operator injection', () => {
    it('refuses operators in bodies, and changes nothing', async () => {
      const platform = as('platform');
      await expectRefusedAndNothingChanged([
        () => platform.post('/v1/orders', { ...ORDER, orderId: { $gt: '' } }),
        () => platform.post('/v1/orders', { ...ORDER, orderId: 'SEC-IN-2', $where: 'sleep(1000) || true' }),
        () => platform.post('/v1/orders', { ...ORDER, orderId: 'SEC-IN-3', customer: { $ne: null } }),
        () => platform.post(`/v1/orders/${ORDER.orderId}/shipments`, { trackingNumber: { $regex: '.*' } }),
        () => platform.post(`/v1/orders/${ORDER.orderId}/cancel`, { reason: { $nor: [{ reason: 'x' }] } }),
        () => platform.put('/v1/customers/cust-sec-1/notification-preferences', { $set: { channels: { email: 'none' } } }),
        () => platform.put('/v1/customers/cust-sec-1/notification-preferences', { channels: { email: { $nor: [] } } }),
        () => as('admin').post('/v1/api-keys', { role: { $ne: null }, label: 'x' }),
        () => as('admin').post(`/v1/orders/${ORDER.orderId}/escrow/release`, { reason: { $gt: '' } }),
        () => request(api.server).post(`/v1/track/${customerToken}/report-problem`).send({ kind: { $ne: null } }),
      ]);
    });

    it('refuses operators in query strings, and lists nothing through them', async () => {
      const support = as('support');
      const cursor = Buffer.from(JSON.stringify({ c: { $gt: '' }, o: { $ne: null } })).toString('base64url');
      await expectRefusedAndNothingChanged([
        () => support.get('/v1/orders?status[$ne]=delivered'),
        () => support.get(`/v1/orders?status=${encode({ $ne: null })}`),
        () => support.get('/v1/orders?$where=1'),
        () => support.get('/v1/orders?$nor[0][status]=delivered'),
        () => support.get('/v1/orders?carrier[$in][]=ups'),
        () => support.get('/v1/orders?limit[$gt]=0'),
        () => support.get(`/v1/orders?cursor=${cursor}`),
        () => support.get('/v1/alerts?orderId[$ne]=x'),
        () => support.get(`/v1/alerts?state=${encode({ $gt: '' })}`),
        () => support.get('/v1/platform-webhooks/dead-letters?orderId[$regex]=.*'),
        () => as('admin').get('/v1/api-keys?includeRevoked[$ne]=false'),
      ]);
      // The same list asked plainly works and filters: the refusals above are about the operators.
      const delivered = await support.get('/v1/orders?status=delivered').expect(200);
      expect(delivered.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual(['SEC-RM-0']);
    });

    it('refuses operators in path parameters, and changes nothing', async () => {
      await expectRefusedAndNothingChanged(
        [
          () => as('support').get(`/v1/orders/${encode({ $gt: '' })}`),
          () => as('support').get('/v1/orders/$where'),
          () => as('support').get(`/v1/orders/${encode({ $ne: null })}/notifications`),
          () => as('support').get(`/v1/customers/${encode({ $ne: null })}/notification-preferences`),
          () => as('platform').put(`/v1/customers/${encode({ $gt: '' })}/notification-preferences`, { channels: { sms: 'all' } }),
          () => as('support').post(`/v1/alerts/${encode({ $gt: '' })}/acknowledge`),
          () => as('admin').post(`/v1/api-keys/${encode({ $ne: null })}/revoke`),
          () => as('admin').post(`/v1/platform-webhooks/dead-letters/${encode({ $nor: [] })}/replay`),
          () => as('platform').post(`/v1/orders/${encode({ $gt: '' })}/processing`),
          () => request(api.server).get(`/v1/track/${encode({ $gt: '' })}`).set('X-Forwarded-For', freshIp()),
          () => request(api.server).post(`/v1/unsubscribe/${encode({ $ne: null })}`).set('X-Forwarded-For', freshIp()).set('Accept', 'application/json'),
        ],
        [400, 401],
      );
    });

    it('refuses a prototype-polluting body', async () => {
      await expectRefusedAndNothingChanged([
        () => as('platform').post('/v1/orders').set('Content-Type', 'application/json').send(`{"orderId":"SEC-IN-4","customer":{"name":"G","email":"g@example.com"},"__proto__":{"isAdmin":true}}`),
        () => as('admin').post('/v1/api-keys').set('Content-Type', 'application/json').send(`{"role":"platform","label":"x","constructor":{"prototype":{"role":"admin"}}}`),
      ]);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });
  });

  describe('mass assignment', () => {
    it.each([
      ['status on a new order', () => as('platform').post('/v1/orders', { ...ORDER, orderId: 'SEC-MA-1', status: 'delivered' }), 'status'],
      ['escrow.released on a new order', () => as('platform').post('/v1/orders', { ...ORDER, orderId: 'SEC-MA-2', escrow: { ...ORDER.escrow, released: true } }), 'released'],
      ['escrow.state on a new order', () => as('platform').post('/v1/orders', { ...ORDER, orderId: 'SEC-MA-3', escrow: { ...ORDER.escrow, state: 'released' } }), 'state'],
      ['revision on a new order', () => as('platform').post('/v1/orders', { ...ORDER, orderId: 'SEC-MA-4', revision: 99 }), 'revision'],
      ['deliveredAt on a new order', () => as('platform').post('/v1/orders', { ...ORDER, orderId: 'SEC-MA-5', deliveredAt: '2026-01-01T00:00:00Z' }), 'deliveredAt'],
      ['status when marking processing', () => as('platform').post(`/v1/orders/${ORDER.orderId}/processing`, { status: 'delivered' }), 'status'],
      ['status and deliveredAt on a parcel', () => as('platform').post(`/v1/orders/${ORDER.orderId}/shipments`, { trackingNumber: '1Z999AA10123456784', status: 'delivered', deliveredAt: '2026-01-01T00:00:00Z' }), 'status'],
      ['status when cancelling', () => as('platform').post(`/v1/orders/${ORDER.orderId}/cancel`, { reason: 'x', status: 'delivered' }), 'status'],
      ['escrow.released when confirming receipt', () => request(api.server).post(`/v1/track/${customerToken}/confirm-receipt`).set('X-Forwarded-For', freshIp()).send({ escrow: { released: true } }), 'escrow'],
      ['released on an escrow release', () => as('admin').post(`/v1/orders/${ORDER.orderId}/escrow/release`, { reason: 'x', released: true }), 'released'],
      ['revision and updatedAt on preferences', () => as('platform').put('/v1/customers/cust-sec-1/notification-preferences', { channels: { sms: 'all' }, revision: 3, updatedAt: '2020-01-01T00:00:00Z' }), 'revision'],
      ['the acknowledger of an alert', () => as('support').post('/v1/alerts/alert:SEC-IN-1:shipment_stalled:-:1/acknowledge', { acknowledgedBy: 'key_000000000000' }), 'acknowledgedBy'],
      ['the revoker of a key', () => as('admin').post('/v1/api-keys/key_0123456789ab/revoke', { revokedBy: 'key_000000000000' }), 'revokedBy'],
    ])('refuses %s with a 400 naming the field, and changes nothing', async (_what, call, field) => {
      const before = await snapshot();
      const res = await call().expect(400);
      expect(JSON.stringify(res.body)).toContain(field);
      expect(await snapshot()).toBe(before);
    });
  });

  describe('body size and shape', () => {
    const big = (bytes: number) => 'x'.repeat(bytes);

    it('answers 413 for bodies over the limits, before any route sees them', async () => {
      await expectRefusedAndNothingChanged(
        [
          () => as('platform').post('/v1/orders', { ...ORDER, orderId: 'SEC-BIG-1', customer: { ...ORDER.customer, name: big(70 * 1024) } }),
          () => as('platform').post('/v1/orders').set('Content-Type', 'application/x-www-form-urlencoded').send(`orderId=SEC-BIG-2&note=${big(70 * 1024)}`),
          () => as('platform').put('/v1/customers/cust-sec-1/notification-preferences', { channels: { sms: 'all' }, pad: big(70 * 1024) }),
          () => request(api.server).post(`/v1/track/${customerToken}/report-problem`).set('X-Forwarded-For', freshIp()).send({ kind: 'not_received', note: big(70 * 1024) }),
          () => request(api.server).post('/v1/orders').send({ pad: big(70 * 1024) }),
          () => request(api.server).post('/v1/webhooks/fedex').set('X-Forwarded-For', freshIp()).set('Content-Type', 'application/json').send(`{"pad":"${big(1100 * 1024)}"}`),
        ],
        [413],
      );
    });

    it('answers 400 for malformed JSON, and changes nothing', async () => {
      const broken = '{"orderId": "SEC-BAD-1", "customer": ';
      await expectRefusedAndNothingChanged([
        () => as('platform').post('/v1/orders').set('Content-Type', 'application/json').send(broken),
        () => as('platform').put('/v1/customers/cust-sec-1/notification-preferences').set('Content-Type', 'application/json').send('{"channels": {"sms": "all"'),
        () => as('admin').post('/v1/api-keys').set('Content-Type', 'application/json').send("{'role': 'admin'}"),
        () => as('platform').post('/v1/orders').set('Content-Type', 'application/json').send('"SEC-BAD-2"'),
        () => as('platform').post('/v1/orders').send([ORDER]),
      ]);
    });
  });

  describe('rate limits', () => {
    const expectLimited = (res: request.Response) => {
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    };

    it('limits public routes per client IP, across the tracking page, customer routes and unsubscribe links', async () => {
      const ip = freshIp();
      for (let i = 0; i < 3; i += 1) await request(api.server).get('/v1/track/not-a-token').set('X-Forwarded-For', ip).expect(401);
      expectLimited(await request(api.server).get('/v1/track/not-a-token').set('X-Forwarded-For', ip));
      expectLimited(await request(api.server).get('/t/not-a-token').set('X-Forwarded-For', ip));
      expectLimited(await request(api.server).post('/v1/unsubscribe/not.a.token').set('X-Forwarded-For', ip));
      // Another client is not held back by this one.
      await request(api.server).get('/v1/track/not-a-token').set('X-Forwarded-For', freshIp()).expect(401);
    });

    it('counts the address the trusted proxy saw, not one a client prepends to X-Forwarded-For', async () => {
      const ip = freshIp();
      for (let i = 0; i < 3; i += 1) await request(api.server).get('/v1/track/not-a-token').set('X-Forwarded-For', ip);
      expectLimited(await request(api.server).get('/v1/track/not-a-token').set('X-Forwarded-For', `203.0.113.77, ${ip}`));
    });

    it('limits carrier webhooks per IP, generously', async () => {
      const ip = freshIp();
      for (let i = 0; i < 4; i += 1) await request(api.server).post('/v1/webhooks/ups').set('X-Forwarded-For', ip).send({}).expect(401);
      expectLimited(await request(api.server).post('/v1/webhooks/ups').set('X-Forwarded-For', ip).send({}));
    });

    it('limits customer-token issuance per API key', async () => {
      for (let i = 0; i < 3; i += 1) await as('support').post('/v1/orders/SEC-RL-NONE/customer-token', {}).expect(404);
      expectLimited(await as('support').post('/v1/orders/SEC-RL-NONE/customer-token', {}));
      await as('platform').post('/v1/orders/SEC-RL-NONE/customer-token', {}).expect(404);
    });

    it('limits resending a notification tightly, per key and order', async () => {
      const resend = (role: 'support' | 'admin', orderId: string) => as(role).post(`/v1/orders/${orderId}/notifications/resend`, { milestone: 'order_received', channel: 'email' });
      for (let i = 0; i < 2; i += 1) expect((await resend('support', 'SEC-RL-1')).status).not.toBe(429);
      const limited = await resend('support', 'SEC-RL-1');
      expectLimited(limited);
      expect(limited.body.message).toMatch(/^Too many requests: at most 2 in 60 s\. Retry after \d+ s\.$/);
      expect((await resend('support', 'SEC-RL-2')).status).not.toBe(429);
      expect((await resend('admin', 'SEC-RL-1')).status).not.toBe(429);
    });

    it('limits asking a carrier now, per key and order', async () => {
      const refresh = () => as('support').post('/v1/orders/SEC-RL-3/shipments/shp_0123456789abcdef01234567/refresh');
      for (let i = 0; i < 2; i += 1) expect((await refresh()).status).not.toBe(429);
      expectLimited(await refresh());
    });

    it('leaves the platform’s own calls unlimited', async () => {
      for (let i = 0; i < 10; i += 1) await as('platform').get('/v1/orders?limit=1').expect(200);
    });
  });

  describe('headers on every answer', () => {
    const directives = (header: unknown): Map<string, string> =>
      new Map(
        String(header)
          .split(';')
          .map((d) => d.trim())
          .filter(Boolean)
          .map((d) => [d.split(' ')[0], d.slice(d.indexOf(' ') + 1)] as [string, string]),
      );

    it.each([
      ['a JSON answer', () => as('platform').get('/v1/orders?limit=1'), 200],
      ['a refusal', () => request(api.server).get('/v1/orders'), 401],
      ['an unknown path', () => request(api.server).get('/no/such/path'), 404],
      ['an oversized body', () => request(api.server).post('/v1/orders').send({ pad: 'x'.repeat(70 * 1024) }), 413],
    ])('sets the security headers on %s', async (_what, call, status) => {
      const res = await call().expect(status);
      const csp = directives(res.headers['content-security-policy']);
      expect(csp.get('default-src')).toBe("'self'");
      expect(csp.get('script-src')).toBe("'self'");
      expect(csp.get('script-src-attr')).toBe("'none'");
      expect(csp.get('style-src')).toBe("'self'");
      expect(csp.get('object-src')).toBe("'none'");
      expect(csp.get('form-action')).toBe("'self'");
      expect(csp.get('frame-ancestors')).toBe("'none'");
      expect(csp.has('upgrade-insecure-requests')).toBe(true);
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('gives Swagger UI inline styles and nothing else more', async () => {
      const res = await request(api.server).get('/docs/').expect(200);
      const csp = directives(res.headers['content-security-policy']);
      expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
      expect(csp.get('script-src')).toBe("'self'");
      expect(csp.get('frame-ancestors')).toBe("'none'");
      // Its page has no inline script the policy would block.
      expect(res.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    });

    it('keeps a page’s own stricter policy (the unsubscribe pages)', async () => {
      const res = await request(api.server).get('/v1/unsubscribe/not.a.token').set('X-Forwarded-For', freshIp()).expect(401);
      expect(directives(res.headers['content-security-policy']).get('default-src')).toBe("'none'");
    });

    it('answers a new request ID, or echoes a well-formed one, on every answer', async () => {
      const generated = await request(api.server).get('/v1/orders').expect(401);
      expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const echoed = await as('platform').get('/v1/orders?limit=1').set('X-Request-Id', 'platform-req_42:a.b').expect(200);
      expect(echoed.headers['x-request-id']).toBe('platform-req_42:a.b');
      for (const bad of ['has space', 'x'.repeat(129), '{"$gt":""}', '-leading-dash']) {
        const replaced = await request(api.server).get('/health/live').set('X-Request-Id', bad).expect(200);
        expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      }
      const refused = await request(api.server).post('/v1/orders').set('X-Request-Id', 'big-body-1').send({ pad: 'x'.repeat(70 * 1024) }).expect(413);
      expect(refused.headers['x-request-id']).toBe('big-body-1');
    });
  });
});
