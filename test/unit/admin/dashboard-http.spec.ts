import { ConflictException, Global, Module } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import request from 'supertest';
import { DashboardQueries } from '../../../src/admin/dashboard.queries';
import { OrderPageService } from '../../../src/admin/order-page.service';
import type { ApiRole } from '../../../src/auth/api-keys';
import { SESSION_TTL_MS } from '../../../src/auth/session-cookie';
import { OrderActionsService } from '../../../src/orders/order-actions.service';
import { EscrowLedgerRepository } from '../../../src/persistence/escrow-ledger.repository';
import { OutboxRepository } from '../../../src/persistence/outbox.repository';
import { ReadModelRepository } from '../../../src/persistence/read-model.repository';
import { ORDER_MODEL, SHIPMENT_MODEL } from '../../../src/persistence/read-model.schemas';
import { TEMPORAL_CLIENT } from '../../../src/temporal/temporal-client.module';
import { createAdminTestApp, csrfTokenIn } from '../../support/admin-test-app';
import { API_KEYS, bearer, keyIdOf, type ApiTestApp } from '../../support/api-test-app';
import { orderPageData, orderRow, SHIPMENT_ID, SUMMARY } from './fixtures';

/*
 * The dashboard over real HTTP: real middleware, guard, CSRF protection, pipe, filters and pages;
 * the reads behind the pages and the order actions are mocks, so each test sees exactly which
 * action ran, for whom, or that none did.
 */

/** What AdminModule's imports would provide; never reached, because the services using them are mocked. */
@Global()
@Module({
  providers: [
    { provide: TEMPORAL_CLIENT, useValue: {} },
    { provide: ReadModelRepository, useValue: {} },
    { provide: OutboxRepository, useValue: {} },
    { provide: EscrowLedgerRepository, useValue: {} },
    { provide: getModelToken(ORDER_MODEL), useValue: {} },
    { provide: getModelToken(SHIPMENT_MODEL), useValue: {} },
  ],
  exports: [TEMPORAL_CLIENT, ReadModelRepository, OutboxRepository, EscrowLedgerRepository, getModelToken(ORDER_MODEL), getModelToken(SHIPMENT_MODEL)],
})
class UnusedCollaborators {}

const queries = { listOrders: jest.fn(), search: jest.fn(), summary: jest.fn() };
const orderPages = { load: jest.fn() };
const actions = {
  refreshShipment: jest.fn(),
  resendNotification: jest.fn(),
  holdEscrow: jest.fn(),
  releaseEscrow: jest.fn(),
  resolveDispute: jest.fn(),
  markShipmentDelivered: jest.fn(),
};

let started: ApiTestApp;
const server = () => started.server;

beforeAll(async () => {
  started = await createAdminTestApp({
    imports: [UnusedCollaborators],
    override: (builder) =>
      builder.overrideProvider(DashboardQueries).useValue(queries).overrideProvider(OrderPageService).useValue(orderPages).overrideProvider(OrderActionsService).useValue(actions),
  });
});
afterAll(async () => started?.app.close());

beforeEach(() => {
  jest.resetAllMocks();
  queries.listOrders.mockResolvedValue({ rows: [orderRow()], next: undefined });
  queries.search.mockResolvedValue([orderRow()]);
  queries.summary.mockResolvedValue(SUMMARY);
  orderPages.load.mockResolvedValue(orderPageData());
  for (const action of Object.values(actions)) action.mockResolvedValue({});
});

/** A browser signed in with a role's key, holding its cookies. */
async function signedIn(role: ApiRole) {
  const browser = request.agent(server());
  const form = await browser.get('/admin/login').expect(200);
  await browser.post('/admin/login').type('form').send({ apiKey: API_KEYS[role], _csrf: csrfTokenIn(form) }).expect(303);
  return browser;
}

/** The CSRF token of the order page, as the signed-in browser got it. */
async function tokenOfOrderPage(browser: ReturnType<typeof request.agent>): Promise<string> {
  return csrfTokenIn(await browser.get('/admin/orders/A-1001').expect(200));
}

const cookieNamed = (response: request.Response, name: string): string | undefined =>
  ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`));

describe('signing in', () => {
  it('sends a signed-out browser from any page to the sign-in page, and back there afterwards', async () => {
    const page = await request(server()).get('/admin/orders/A-1001?flash=escrow-held').expect(303);
    expect(page.headers.location).toBe(`/admin/login?next=${encodeURIComponent('/admin/orders/A-1001?flash=escrow-held')}`);
    expect(page.headers['www-authenticate']).toBeUndefined();
    expect((await request(server()).get('/admin').expect(303)).headers.location).toBe('/admin/login');

    const browser = request.agent(server());
    const form = await browser.get('/admin/login?next=/admin/orders/A-1001').expect(200);
    expect(form.headers['content-type']).toBe('text/html; charset=utf-8');
    const signIn = await browser.post('/admin/login').type('form').send({ apiKey: API_KEYS.support, _csrf: csrfTokenIn(form), next: '/admin/orders/A-1001' }).expect(303);
    expect(signIn.headers.location).toBe('/admin/orders/A-1001');
    await browser.get('/admin/orders/A-1001').expect(200);
  });

  it('sets an HttpOnly, SameSite=Strict session cookie for 8 hours that names the key’s role and ID, never the key', async () => {
    const browser = request.agent(server());
    const form = await browser.get('/admin/login').expect(200);
    const signIn = await browser.post('/admin/login').type('form').send({ apiKey: API_KEYS.admin, _csrf: csrfTokenIn(form) }).expect(303);
    const cookie = cookieNamed(signIn, 'wb_session');
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).not.toMatch(/; Secure/); // http in this test; https makes it Secure and __Host- (session-cookie.spec)
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie ?? '')?.[1] ?? '');
    expect(Math.abs(expires - (Date.now() + SESSION_TTL_MS))).toBeLessThan(5_000);
    const token = /^wb_session=([^;]+)/.exec(cookie ?? '')?.[1] ?? '';
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ sub: keyIdOf('admin'), role: 'admin' });
    expect(JSON.stringify(claims)).not.toContain(API_KEYS.admin);
    expect(signIn.headers.location).toBe('/admin');

    const page = await browser.get('/admin').expect(200);
    expect(page.text).toContain(`data-role="admin"`);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('refuses a wrong key, a platform key and a missing CSRF token with the form again, and no session', async () => {
    const browser = request.agent(server());
    const token = csrfTokenIn(await browser.get('/admin/login').expect(200));
    const wrong = await browser.post('/admin/login').type('form').send({ apiKey: 'not-a-key-at-all-0000', _csrf: token }).expect(401);
    expect(wrong.text).toContain('That API key is not valid.');
    const platform = await browser.post('/admin/login').type('form').send({ apiKey: API_KEYS.platform, _csrf: token }).expect(403);
    expect(platform.text).toContain('Only support and admin keys');
    const forged = await browser.post('/admin/login').type('form').send({ apiKey: API_KEYS.admin, _csrf: 'forged' }).expect(403);
    expect(forged.text).toContain('sign-in form expired');
    for (const response of [wrong, platform, forged]) expect(cookieNamed(response, 'wb_session')).toBeUndefined();
    await browser.get('/admin').expect(303);
  });

  it('never redirects off the dashboard after sign-in', async () => {
    for (const next of ['https://evil.example/', '//evil.example/admin', '/admin\\@evil.example', '/v1/orders', '/admin/..//evil.example']) {
      const browser = request.agent(server());
      const token = csrfTokenIn(await browser.get('/admin/login').expect(200));
      const signIn = await browser.post('/admin/login').type('form').send({ apiKey: API_KEYS.support, _csrf: token, next }).expect(303);
      expect(signIn.headers.location).toBe('/admin');
    }
  });

  it('ignores a forged or tampered session cookie', async () => {
    const browser = await signedIn('support');
    const page = await browser.get('/admin').expect(200);
    expect(page.text).toContain('data-role="support"');
    const forged = (await request(server()).get('/admin').set('Cookie', 'wb_session=eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ.').expect(303)).headers.location;
    expect(forged).toBe('/admin/login');
  });

  it('lets a session act only where @AcceptsSession allows: not on the JSON API', async () => {
    const browser = await signedIn('admin');
    await browser.get('/v1/orders').expect(401);
  });

  it('signs out with the CSRF token, and the cookie is cleared', async () => {
    const browser = await signedIn('support');
    const token = csrfTokenIn(await browser.get('/admin').expect(200));
    await browser.post('/admin/logout').type('form').send({}).expect(403);
    const out = await browser.post('/admin/logout').type('form').send({ _csrf: token }).expect(303);
    expect(out.headers.location).toBe('/admin/login?flash=signed-out');
    expect(cookieNamed(out, 'wb_session')).toMatch(/Expires=Thu, 01 Jan 1970/);
    await browser.get('/admin').expect(303);
  });

  it('serves the stylesheet and script itself, for good, to anyone', async () => {
    const page = await (await signedIn('support')).get('/admin').expect(200);
    const css = /href="(\/admin\/assets\/admin-[0-9a-f]+\.css)"/.exec(page.text)?.[1] ?? '';
    const answer = await request(server()).get(css).expect(200);
    expect(answer.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(answer.headers['cache-control']).toContain('immutable');
    await request(server()).get('/admin/assets/admin-000000000000.css').expect(404);
  });

  it('still takes an API key instead of a session (scripts, tests)', async () => {
    const page = await request(server()).get('/admin').set('Authorization', bearer('support')).expect(200);
    expect(page.text).toContain('data-testid="orders-table"');
    await request(server()).get('/admin').set('Authorization', bearer('platform')).expect(403);
  });
});

describe('actions', () => {
  it('support: refresh now and resend call the same service methods as the JSON API, then redirect back with a message', async () => {
    const browser = await signedIn('support');
    const token = await tokenOfOrderPage(browser);
    const refresh = await browser.post(`/admin/orders/A-1001/shipments/${SHIPMENT_ID}/refresh`).type('form').send({ _csrf: token }).expect(303);
    expect(refresh.headers.location).toBe('/admin/orders/A-1001?flash=refresh-requested');
    expect(actions.refreshShipment).toHaveBeenCalledWith('A-1001', SHIPMENT_ID, { role: 'support', keyId: keyIdOf('support') });

    await browser.post('/admin/orders/A-1001/notifications/resend').type('form').send({ _csrf: token, milestone: 'shipped', channel: 'email', shipmentId: SHIPMENT_ID }).expect(303);
    expect(actions.resendNotification).toHaveBeenCalledWith('A-1001', { milestone: 'shipped', channel: 'email', shipmentId: SHIPMENT_ID }, { role: 'support', keyId: keyIdOf('support') });

    const shown = await browser.get('/admin/orders/A-1001?flash=refresh-requested').expect(200);
    expect(shown.text).toContain('data-testid="flash" data-kind="success"');
  });

  it('support may not use the admin overrides: 403, and nothing is called', async () => {
    const browser = await signedIn('support');
    const token = await tokenOfOrderPage(browser);
    await browser.post('/admin/orders/A-1001/escrow/hold').type('form').send({ _csrf: token, reason: 'checking' }).expect(403);
    await browser.post('/admin/orders/A-1001/escrow/release').type('form').send({ _csrf: token, reason: 'checking' }).expect(403);
    await browser.post('/admin/orders/A-1001/dispute/resolve').type('form').send({ _csrf: token, resolution: 'refund', note: 'x' }).expect(403);
    await browser.post(`/admin/orders/A-1001/shipments/${SHIPMENT_ID}/mark-delivered`).type('form').send({ _csrf: token, note: 'x' }).expect(403);
    expect(actions.holdEscrow).not.toHaveBeenCalled();
    expect(actions.releaseEscrow).not.toHaveBeenCalled();
    expect(actions.resolveDispute).not.toHaveBeenCalled();
    expect(actions.markShipmentDelivered).not.toHaveBeenCalled();
  });

  it('admin: the escrow and delivery overrides, recorded as the admin’s key', async () => {
    const browser = await signedIn('admin');
    const token = await tokenOfOrderPage(browser);
    const adminKey = { role: 'admin', keyId: keyIdOf('admin') };
    await browser.post('/admin/orders/A-1001/escrow/hold').type('form').send({ _csrf: token, reason: 'Customer called' }).expect(303);
    expect(actions.holdEscrow).toHaveBeenCalledWith('A-1001', { reason: 'Customer called' }, adminKey);
    await browser.post('/admin/orders/A-1001/escrow/release').type('form').send({ _csrf: token, reason: 'Proof seen' }).expect(303);
    expect(actions.releaseEscrow).toHaveBeenCalledWith('A-1001', { reason: 'Proof seen' }, adminKey);
    await browser.post('/admin/orders/A-1001/dispute/resolve').type('form').send({ _csrf: token, resolution: 'refund', note: 'Lost' }).expect(303);
    expect(actions.resolveDispute).toHaveBeenCalledWith('A-1001', { resolution: 'refund', note: 'Lost' }, adminKey);
    // A blank optional field is "not given", as in the JSON API.
    const marked = await browser.post(`/admin/orders/A-1001/shipments/${SHIPMENT_ID}/mark-delivered`).type('form').send({ _csrf: token, note: 'Signed slip', reference: '' }).expect(303);
    expect(marked.headers.location).toBe('/admin/orders/A-1001?flash=marked-delivered');
    expect(actions.markShipmentDelivered).toHaveBeenCalledWith('A-1001', SHIPMENT_ID, { note: 'Signed slip' }, adminKey);
  });

  it('refuses a missing or wrong CSRF token with 403, and nothing is called', async () => {
    const browser = await signedIn('admin');
    const token = await tokenOfOrderPage(browser);
    const missing = await browser.post('/admin/orders/A-1001/escrow/hold').type('form').send({ reason: 'x' }).expect(403);
    expect(missing.text).toContain('CSRF check failed');
    await browser.post('/admin/orders/A-1001/escrow/hold').type('form').send({ _csrf: `${token.slice(0, -2)}00`, reason: 'x' }).expect(403);
    await browser.post(`/admin/orders/A-1001/shipments/${SHIPMENT_ID}/refresh`).type('form').send({ _csrf: 'x' }).expect(403);
    // Another session's token does not pass either: tokens are bound to the session.
    const other = await signedIn('admin');
    const otherToken = await tokenOfOrderPage(other);
    await browser.post('/admin/orders/A-1001/escrow/hold').type('form').send({ _csrf: otherToken, reason: 'x' }).expect(403);
    expect(actions.holdEscrow).not.toHaveBeenCalled();
    expect(actions.refreshShipment).not.toHaveBeenCalled();
  });

  it('refuses bad input with 400, naming the field, and calls nothing', async () => {
    const browser = await signedIn('admin');
    const token = await tokenOfOrderPage(browser);
    const blank = await browser.post('/admin/orders/A-1001/escrow/hold').type('form').send({ _csrf: token, reason: '' }).expect(400);
    expect(blank.text).toContain('reason');
    await browser.post('/admin/orders/A-1001/notifications/resend').type('form').send({ _csrf: token, milestone: 'nope', channel: 'email' }).expect(400);
    await browser.post('/admin/orders/bad%20id/escrow/hold').type('form').send({ _csrf: token, reason: 'x' }).expect(400);
    expect(actions.holdEscrow).not.toHaveBeenCalled();
    expect(actions.resendNotification).not.toHaveBeenCalled();
  });

  it('shows the workflow’s refusal on the order page, with its status', async () => {
    actions.releaseEscrow.mockRejectedValue(new ConflictException({ statusCode: 409, error: 'DeliveryNotVerified', message: 'Delivery is not verified yet.' }));
    const browser = await signedIn('admin');
    const token = await tokenOfOrderPage(browser);
    const refused = await browser.post('/admin/orders/A-1001/escrow/release').type('form').send({ _csrf: token, reason: 'now' }).expect(409);
    expect(refused.text).toContain('data-testid="flash" data-kind="error"');
    expect(refused.text).toContain('Delivery is not verified yet.');
    expect(refused.text).toContain('data-testid="order-header"');
  });

  it('sends a signed-out form post to the sign-in page, and calls nothing', async () => {
    const posted = await request(server()).post('/admin/orders/A-1001/escrow/hold').type('form').send({ reason: 'x' }).expect(303);
    expect(posted.headers.location).toBe('/admin/login');
    expect(actions.holdEscrow).not.toHaveBeenCalled();
  });
});

describe('pages', () => {
  it('passes the filters, search and cursor to the queries, and refuses a bad cursor or filter with 400', async () => {
    const browser = await signedIn('support');
    await browser.get('/admin?status=in_transit&carrier=ups&exception=1&delayed=1').expect(200);
    expect(queries.listOrders).toHaveBeenCalledWith({ status: 'in_transit', carrier: 'ups', exception: true, delayed: true }, undefined);
    await browser.get('/admin?status=&carrier=&q=').expect(200);
    expect(queries.listOrders).toHaveBeenLastCalledWith({}, undefined);
    await browser.get('/admin?q=1Z5R89390357567127').expect(200);
    expect(queries.search).toHaveBeenCalledWith('1Z5R89390357567127');
    await browser.get('/admin?cursor=not-a-cursor').expect(400);
    await browser.get('/admin?status=flying').expect(400);
    await browser.get('/admin?limit=100000').expect(400);
  });

  it('answers an unknown order with a 404 page', async () => {
    const { NotFoundException } = await import('@nestjs/common');
    orderPages.load.mockRejectedValue(new NotFoundException('Order NOPE not found.'));
    const page = await (await signedIn('support')).get('/admin/orders/NOPE').expect(404);
    expect(page.text).toContain('data-testid="error-page" data-status="404"');
    expect(page.text).toContain('Order NOPE not found.');
  });
});
