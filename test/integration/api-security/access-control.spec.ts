import { createHash } from 'node:crypto';
import { Controller, Get } from '@nestjs/common';
import request from 'supertest';
import type { Response } from 'supertest';
import { addressHashesOf } from '../../../activities/notifications/address-hash';
import { API_ROLES, type ApiRole } from '../../../src/auth/api-keys';
import { CustomerTokenService } from '../../../src/auth/customer-tokens';
import { UnsubscribeTokenService } from '../../../src/notifications/unsubscribe-token.service';
import { csrfTokenIn } from '../../support/admin-test-app';
import { declaredRoutes, serverRoutes, type DeclaredRoute } from '../../support/route-inventory';
import { bearerOf, SECURITY_API_KEYS, useSecurityTestApp } from '../../support/security-test-app';

/*
 * Who may call what, against the whole API as production builds it: every route Nest registered,
 * called with no key and with each role's key, must answer as its decorators declare; a route
 * without decorators is admin-only; a customer token reaches its own order and nothing else; and
 * keys made through the API work, are listed without their secret, and stop when revoked or rotated.
 */

/** A route with no decorators at all: ApiKeyGuard must treat it as admin-only. */
@Controller('v1/security-probe')
class UndecoratedProbeController {
  @Get()
  probe(): { reached: true } {
    return { reached: true };
  }
}

/**
 * Routes anyone may call without a key, each with the reason. A new @Public() route fails the
 * suite until it is added here, so opening a route is always a decision someone wrote down.
 */
const PUBLIC_BY_DESIGN: ReadonlyArray<[RegExp, string]> = [
  [/^GET \/health\/(live|ready)$/, 'orchestrator probes; they reveal up or down and nothing else'],
  [/^POST \/v1\/webhooks\/:source$/, 'carrier pushes, each verified with its carrier’s signature or credential'],
  [/^(GET|POST) \/v1\/track\/:token(\/[a-z-]+)?$/, 'customer routes: the customer token in the path is the credential'],
  [/^(GET|POST) \/t\/:token(\/[a-z-]+)?$/, 'the tracking page: the customer token in the path is the credential'],
  [/^GET \/t\/assets\/:name$/, 'the tracking page’s static assets'],
  [/^(GET|POST) \/v1\/unsubscribe\/:token$/, 'unsubscribe links: the signed token in the path is the credential'],
  [/^GET \/admin\/login$/, 'the dashboard’s sign-in form'],
  [/^GET \/admin\/assets\/:name$/, 'the dashboard’s static assets'],
  [/^GET \/metrics$/, 'Prometheus scrapes: METRICS_TOKEN as a bearer token when set, off in production without it (docs/observability.md)'],
];

/** Routes the HTTP server answers outside Nest (so outside its guards), each with the reason. */
const OUTSIDE_NEST: ReadonlyArray<[RegExp, string]> = [[/^GET \/docs(-json|-yaml|\/.*)?$/, 'the OpenAPI document and Swagger UI (public by design)']];

const routeKey = (route: { method: string; path: string }): string => `${route.method} ${route.path}`;

/** Every path parameter replaced by something no validator accepts, so an admitted probe stops at validation. */
const probeUrl = (path: string): string => `${path.replace(/:\w+/g, '%24probe')}?probe%24=1`;

function probe(server: Parameters<typeof request>[0], route: DeclaredRoute, role: ApiRole | 'none'): Promise<Response> {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let call = request(server)[method](probeUrl(route.path)).set('Accept', 'application/json');
  if (role !== 'none') call = call.set('Authorization', bearerOf(role));
  if (method !== 'get' && method !== 'delete') call = call.send({ probe$: 1 });
  return call;
}

/** ApiKeyGuard's 401 (`realm="waybill"`), or the dashboard sending a signed-out browser to sign in. */
const refusedUnauthenticated = (res: Response): boolean =>
  (res.status === 401 && /realm="waybill"/.test(String(res.headers['www-authenticate'] ?? ''))) ||
  (res.status === 401 && res.type === 'text/html') ||
  (res.status === 303 && String(res.headers.location ?? '').startsWith('/admin/login'));

/** ApiKeyGuard's 403, as JSON or as the dashboard's error page. */
const refusedForRole = (res: Response, role: ApiRole): boolean => res.status === 403 && res.text.includes(`Role ${role} may not call this endpoint`);
/** A 403 whatever its wording (the dashboard's sign-in form words its own). */
const forbidden = (res: Response): boolean => res.status === 403;

const mayCall = (route: DeclaredRoute, role: ApiRole): boolean => role === 'admin' || (route.roles ?? []).includes(role);

const order = (orderId: string) => ({ orderId, customer: { name: 'Ada Lovelace', email: `${orderId.toLowerCase()}@example.com` } });

describe('API security: access control', () => {
  const api = useSecurityTestApp('api_security_access', {
    env: { API_KEY_CACHE_TTL_MS: '1000', RATE_LIMIT_PUBLIC: '100000/1m', RATE_LIMIT_WEBHOOKS: '100000/1m', RATE_LIMIT_CUSTOMER_TOKENS: '100000/1m' },
    controllers: [UndecoratedProbeController],
  });

  describe('the route inventory', () => {
    it('finds the API’s routes, the probe among them', () => {
      const keys = declaredRoutes(api.app).map(routeKey);
      expect(keys).toEqual(expect.arrayContaining(['POST /v1/orders', 'GET /v1/orders/:orderId', 'POST /v1/api-keys', 'GET /v1/security-probe']));
    });

    it('has every route the server answers go through Nest’s guards, or be a known page outside them', () => {
      const declared = new Set(declaredRoutes(api.app).map(routeKey));
      const outside = serverRoutes(api.app).filter((route) => !declared.has(route) && !OUTSIDE_NEST.some(([pattern]) => pattern.test(route)));
      expect(outside).toEqual([]);
    });

    it('has no public route that is not public by design', () => {
      const unexpected = declaredRoutes(api.app)
        .filter((route) => route.isPublic && !PUBLIC_BY_DESIGN.some(([pattern]) => pattern.test(routeKey(route))))
        .map((route) => `${routeKey(route)} (${route.name})`);
      expect(unexpected).toEqual([]);
    });
  });

  describe('each role against each route', () => {
    it('answers every route, for no key and each role’s key, as its decorators declare', async () => {
      const mismatches: string[] = [];
      const routes = declaredRoutes(api.app);
      for (const route of routes) {
        const none = await probe(api.server, route, 'none');
        if (route.isPublic) {
          // Public routes may refuse a bad token (401, realm waybill-customer, or a page), never for want of an API key.
          if (/realm="waybill"/.test(String(none.headers['www-authenticate'] ?? '')) || none.status === 303) {
            mismatches.push(`${routeKey(route)}: public, but asked for an API key (${none.status})`);
          }
          if (route.path.includes(':token') && none.status < 300) mismatches.push(`${routeKey(route)}: accepted a made-up token (${none.status})`);
        } else if (!refusedUnauthenticated(none)) {
          mismatches.push(`${routeKey(route)}: no key answered ${none.status}, not a refusal`);
        }
        for (const role of API_ROLES) {
          const res = await probe(api.server, route, role);
          if (res.status >= 500) mismatches.push(`${routeKey(route)} as ${role}: ${res.status} for a probe that no validator accepts`);
          if (route.isPublic) continue;
          if (mayCall(route, role) && (refusedUnauthenticated(res) || refusedForRole(res, role))) {
            mismatches.push(`${routeKey(route)}: ${role} may call it, but got ${res.status}`);
          }
          if (!mayCall(route, role) && !forbidden(res)) mismatches.push(`${routeKey(route)}: ${role} may not call it, but got ${res.status}`);
        }
      }
      expect(mismatches).toEqual([]);
      expect(routes.length).toBeGreaterThan(30);
    }, 120_000);

    it('treats a route without @Public() or @Roles() as admin-only (fails closed)', async () => {
      await request(api.server).get('/v1/security-probe').expect(401);
      for (const role of ['platform', 'support'] as const) {
        const res = await request(api.server).get('/v1/security-probe').set('Authorization', bearerOf(role)).expect(403);
        expect(res.body.message).toBe(`Role ${role} may not call this endpoint.`);
      }
      await request(api.server).get('/v1/security-probe').set('Authorization', bearerOf('admin')).expect(200, { reached: true });
    });

    it.each([
      ['a made-up key', 'Bearer wb_test_notAKeyAnyoneWasGiven0000000000000000000'],
      ['a key under another scheme', `Basic ${Buffer.from(`x:${SECURITY_API_KEYS.admin}`).toString('base64')}`],
      ['an empty bearer', 'Bearer '],
      ['a key with a trailing character', `${bearerOf('admin')}x`],
    ])('refuses %s with 401', async (_what, authorization) => {
      const res = await request(api.server).get('/v1/orders').set('Authorization', authorization).expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="waybill"');
    });
  });

  describe('customer tokens are scoped to their order', () => {
    let tokenA = '';
    let tokenB = '';

    beforeAll(async () => {
      // Orders as the worker leaves them in the read model. No workflow runs them: with no worker, a
      // live query would wait on the server after this file has closed its connection.
      const now = new Date();
      await api.model('Order').create(
        ['SEC-A', 'SEC-B'].map((orderId) => ({
          _id: orderId,
          orderId,
          status: 'in_transit',
          escrow: { state: 'held', amount: 1299, currency: 'USD' },
          carriers: ['ups'],
          shipmentIds: [],
          history: [],
          createdAt: now,
          updatedAt: now,
          revision: 3,
        })),
      );
      const issue = async (orderId: string) =>
        (await request(api.server).post(`/v1/orders/${orderId}/customer-token`).set('Authorization', bearerOf('platform')).send({}).expect(201)).body.token as string;
      [tokenA, tokenB] = [await issue('SEC-A'), await issue('SEC-B')];
    }, 60_000);

    it('shows order A to A’s token, and nothing of B', async () => {
      const res = await request(api.server).get(`/v1/track/${tokenA}`).expect(200);
      expect(res.body.orderId).toBe('SEC-A');
      expect(JSON.stringify(res.body)).not.toContain('SEC-B');
      expect(JSON.stringify(res.body)).not.toContain('example.com');
    });

    it('gives A’s token no way to name order B: not in the query, not in the body', async () => {
      const viewed = await request(api.server).get(`/v1/track/${tokenA}?orderId=SEC-B`).expect(200);
      expect(viewed.body.orderId).toBe('SEC-A');
      await request(api.server).post(`/v1/track/${tokenA}/confirm-receipt`).send({ orderId: 'SEC-B' }).expect(400);
      await request(api.server).post(`/v1/track/${tokenA}/report-problem`).send({ kind: 'not_received', orderId: 'SEC-B' }).expect(400);
    });

    it('refuses a token whose order was changed to B, however it was re-signed', async () => {
      const [header, payload, signature] = tokenA.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const forgedPayload = Buffer.from(JSON.stringify({ ...claims, sub: 'SEC-B' })).toString('base64url');
      const unsigned = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      for (const forged of [`${header}.${forgedPayload}.${signature}`, `${unsigned}.${forgedPayload}.`, `${header}.${forgedPayload}.${tokenB.split('.')[2]}`]) {
        await request(api.server).get(`/v1/track/${forged}`).expect(401);
        await request(api.server).post(`/v1/track/${forged}/confirm-receipt`).expect(401);
      }
    });

    it('is no API key: a customer token as Bearer reaches no order route', async () => {
      for (const path of ['/v1/orders/SEC-A', '/v1/orders/SEC-B', '/v1/orders', '/v1/orders/SEC-B/notifications']) {
        await request(api.server).get(path).set('Authorization', `Bearer ${tokenA}`).expect(401);
      }
    });

    it('is no unsubscribe link, and an unsubscribe link is no customer token', async () => {
      await request(api.server).post(`/v1/unsubscribe/${tokenA}`).set('Accept', 'application/json').expect(401);
      const { token: unsubscribe } = await api.app
        .get(UnsubscribeTokenService)
        .issue({ orderId: 'SEC-A', channel: 'email', addressHashes: addressHashesOf({ email: 'sec-a@example.com' }) });
      await request(api.server).get(`/v1/track/${unsubscribe}`).expect(401);
    });

    it('refuses an expired token for its own order', async () => {
      const tokens = api.app.get(CustomerTokenService);
      const { token } = await tokens.issue('SEC-A', { ttlMs: 1000 });
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const res = await request(api.server).get(`/v1/track/${token}`).expect(401);
      expect(res.body.message).toBe('This link has expired.');
    });
  });

  describe('stored API keys', () => {
    const asAdmin = (call: request.Test) => call.set('Authorization', bearerOf('admin'));
    const create = async (body: object) => (await asAdmin(request(api.server).post('/v1/api-keys')).send(body).expect(201)).body;
    const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
    const calls = (key: string) => request(api.server).get('/v1/orders?limit=1').set('Authorization', `Bearer ${key}`);

    it('makes a key once: the answer carries it, the database only its digest', async () => {
      const res = await asAdmin(request(api.server).post('/v1/api-keys')).send({ role: 'platform', label: 'Shop front' }).expect(201);
      expect(res.headers['cache-control']).toBe('no-store');
      const { key, apiKey } = res.body;
      expect(key).toMatch(/^wb_test_[A-Za-z0-9_-]{43}$/);
      expect(apiKey).toMatchObject({ role: 'platform', source: 'stored', status: 'active', label: 'Shop front', createdBy: expect.stringMatching(/^key_/) });
      const stored = await api.model<Record<string, unknown>>('ApiKey').findById(apiKey.keyId).lean().exec();
      expect(stored?.digest).toBe(sha256(key));
      expect(JSON.stringify(stored)).not.toContain(key);
      await calls(key).expect(200);
    });

    it('gives a stored key exactly its role', async () => {
      const { key } = await create({ role: 'support', label: 'Help desk' });
      await calls(key).expect(200);
      await request(api.server).post('/v1/orders').set('Authorization', `Bearer ${key}`).send(order('SEC-C')).expect(403);
      await request(api.server).post('/v1/api-keys').set('Authorization', `Bearer ${key}`).send({ role: 'admin', label: 'Escalate' }).expect(403);
    });

    it('lists keys, the environment’s first, without any key or digest', async () => {
      const { key, apiKey } = await create({ role: 'platform', label: 'Listed' });
      const res = await asAdmin(request(api.server).get('/v1/api-keys')).expect(200);
      const listed = JSON.stringify(res.body);
      expect(listed).not.toContain(key);
      expect(listed).not.toContain(sha256(key));
      for (const configured of Object.values(SECURITY_API_KEYS)) expect(listed).not.toContain(configured);
      expect(res.body.apiKeys.slice(0, 3).map((k: { source: string }) => k.source)).toEqual(['environment', 'environment', 'environment']);
      expect(res.body.apiKeys).toEqual(expect.arrayContaining([expect.objectContaining({ keyId: apiKey.keyId, status: 'active' })]));
      expect(res.body.apiKeys.every((k: object) => !('digest' in k) && !('key' in k))).toBe(true);
    });

    it('refuses a key at once on this replica when revoked, and keeps the first revocation on record', async () => {
      const { key, apiKey } = await create({ role: 'platform', label: 'Leaked' });
      await calls(key).expect(200);
      const revoked = await asAdmin(request(api.server).post(`/v1/api-keys/${apiKey.keyId}/revoke`)).expect(200);
      expect(revoked.body).toMatchObject({ keyId: apiKey.keyId, status: 'revoked', revokedBy: expect.stringMatching(/^key_/) });
      const res = await calls(key).expect(401);
      expect(res.body.message).toBe('Invalid API key.');
      const again = await asAdmin(request(api.server).post(`/v1/api-keys/${apiKey.keyId}/revoke`)).expect(200);
      expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
      const listed = await asAdmin(request(api.server).get('/v1/api-keys')).expect(200);
      expect(listed.body.apiKeys.map((k: { keyId: string }) => k.keyId)).not.toContain(apiKey.keyId);
      const all = await asAdmin(request(api.server).get('/v1/api-keys?includeRevoked=true')).expect(200);
      expect(all.body.apiKeys.map((k: { keyId: string }) => k.keyId)).toContain(apiKey.keyId);
    });

    it('ends the dashboard sessions signed in with a key when the key is revoked', async () => {
      const { key, apiKey } = await create({ role: 'support', label: 'Desk laptop' });
      // The cookies are Secure (the public URL is https), so they are carried by hand over plain HTTP.
      const cookiesOf = (res: Response) => ((res.headers['set-cookie'] ?? []) as unknown as string[]).map((cookie) => cookie.split(';')[0]);
      const form = await request(api.server).get('/admin/login').expect(200);
      const signIn = await request(api.server).post('/admin/login').set('Cookie', cookiesOf(form)).type('form').send({ apiKey: key, _csrf: csrfTokenIn(form) }).expect(303);
      const session = [...cookiesOf(form), ...cookiesOf(signIn)];
      await request(api.server).get('/admin').set('Cookie', session).expect(200);
      await asAdmin(request(api.server).post(`/v1/api-keys/${apiKey.keyId}/revoke`)).expect(200);
      const after = await request(api.server).get('/admin').set('Cookie', session).expect(303);
      expect(after.headers.location).toMatch(/^\/admin\/login/);
    });

    it('refuses a key revoked by another replica within the cache bound (API_KEY_CACHE_TTL_MS, 1 s here)', async () => {
      const { key, apiKey } = await create({ role: 'platform', label: 'Elsewhere' });
      await calls(key).expect(200);
      // Another replica revokes it: only the database changes, this replica still remembers the key.
      await api.model('ApiKey').updateOne({ _id: apiKey.keyId }, { $set: { revokedAt: new Date(), revokedBy: 'key_000000000000' } }).exec();
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await calls(key).expect(401);
    });

    it('stops a key at its expiry, to the second', async () => {
      const { key } = await create({ role: 'platform', label: 'Short-lived', expiresAt: new Date(Date.now() + 1500).toISOString() });
      await calls(key).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      await calls(key).expect(401);
    });

    it('rotates a key: the new one works at once, the old one for the grace period only', async () => {
      const { key: old, apiKey } = await create({ role: 'platform', label: 'Rotating' });
      const res = await asAdmin(request(api.server).post(`/v1/api-keys/${apiKey.keyId}/rotate`)).send({ gracePeriodSeconds: 2 }).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body.apiKey).toMatchObject({ role: 'platform', label: 'Rotating', status: 'active', rotatedFrom: apiKey.keyId });
      expect(res.body.previous).toMatchObject({ keyId: apiKey.keyId, status: 'active', replacedBy: res.body.apiKey.keyId, expiresAt: expect.any(String) });
      await calls(res.body.key).expect(200);
      await calls(old).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      await calls(old).expect(401);
      await calls(res.body.key).expect(200);
      await asAdmin(request(api.server).post(`/v1/api-keys/${apiKey.keyId}/rotate`)).send({}).expect(409);
    });

    it('rotates without a grace period: the old key stops now', async () => {
      const { key: old, apiKey } = await create({ role: 'support', label: 'Now' });
      const res = await asAdmin(request(api.server).post(`/v1/api-keys/${apiKey.keyId}/rotate`)).expect(200);
      expect(res.body.previous).toMatchObject({ status: 'revoked', replacedBy: res.body.apiKey.keyId });
      await calls(old).expect(401);
      await calls(res.body.key).expect(200);
      const again = await asAdmin(request(api.server).post(`/v1/api-keys/${apiKey.keyId}/rotate`)).expect(409);
      expect(again.body.error).toBe('KeyRevoked');
    });

    it('changes keys of WAYBILL_API_KEYS only there', async () => {
      const listed = await asAdmin(request(api.server).get('/v1/api-keys')).expect(200);
      const environmentKey = listed.body.apiKeys.find((k: { source: string; role: string }) => k.source === 'environment' && k.role === 'platform');
      for (const action of ['revoke', 'rotate']) {
        const res = await asAdmin(request(api.server).post(`/v1/api-keys/${environmentKey.keyId}/${action}`)).expect(409);
        expect(res.body.error).toBe('EnvironmentKey');
      }
      await calls(SECURITY_API_KEYS.platform).expect(200);
    });

    it.each([
      ['an unknown role', { role: 'root', label: 'x' }, 'role'],
      ['a digest of its choosing', { role: 'admin', label: 'x', digest: 'a'.repeat(64) }, 'digest'],
      ['a key ID of its choosing', { role: 'admin', label: 'x', keyId: 'key_000000000000' }, 'keyId'],
      ['its own creator', { role: 'admin', label: 'x', createdBy: 'key_000000000000' }, 'createdBy'],
      ['an expiry in the past', { role: 'admin', label: 'x', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
      ['a label that could forge a log line', { role: 'admin', label: 'x\n{"level":"info"}' }, 'label'],
    ])('refuses a key request with %s (400 naming the field), and makes nothing', async (_what, body, field) => {
      const before = await api.model('ApiKey').countDocuments().exec();
      const res = await asAdmin(request(api.server).post('/v1/api-keys')).send(body).expect(400);
      expect(JSON.stringify(res.body)).toContain(field);
      expect(await api.model('ApiKey').countDocuments().exec()).toBe(before);
    });

    it('answers 404 for an unknown key and 400 for a malformed key ID', async () => {
      await asAdmin(request(api.server).post('/v1/api-keys/key_0123456789ab/revoke')).expect(404);
      await asAdmin(request(api.server).post('/v1/api-keys/key_0123456789ab/rotate')).expect(404);
      await asAdmin(request(api.server).post('/v1/api-keys/%7B%22%24gt%22%3A%22%22%7D/revoke')).expect(400);
    });

    it('records when a key was last used', async () => {
      const { key, apiKey } = await create({ role: 'platform', label: 'Used' });
      await calls(key).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const stored = await api.model<{ lastUsedAt?: Date }>('ApiKey').findById(apiKey.keyId).lean().exec();
      expect(stored?.lastUsedAt).toBeInstanceOf(Date);
    });
  });
});
