/**
 * @jest-environment ./test/support/browser-environment.ts
 */
import type { Page } from 'playwright-core';
import { screenshot, useBrowser } from '../support/browser';
import { expectStatus, orderBody, pollingEvery, useBrowserStack } from '../support/browser-stack';
import { waitUntil } from '../support/http-client';

/*
 * The support and admin dashboard (docs/dashboard.md) on a desktop, against the real stack over
 * HTTP: orders made through the platform API with sandbox parcels of every carrier, a sign-in
 * through the form, the list's filters and search, an order's page, an admin's escrow hold through
 * the CSRF-protected form (checked again through the JSON API), and a support session's refresh and
 * resend, without the admin's actions.
 */

const HOUR_MS = 3_600_000;
const runId = Date.now().toString(36);

/** Each order's ID, and its parcel's tracking number when it has one. */
interface Made {
  orderId: string;
  trackingNumber?: string;
}

const rowIds = (page: Page): Promise<Array<string | null>> => page.getByTestId('order-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-order-id')));

/** Picks a filter; the dashboard's script submits the form at once. */
async function pick(page: Page, filter: 'filter-status' | 'filter-carrier', value: string): Promise<void> {
  await Promise.all([page.waitForURL((url) => url.searchParams.get(filter.slice(7)) === value), page.getByTestId(filter).selectOption(value)]);
}

describe('the dashboard in Chromium (the real stack)', () => {
  const session = useBrowser();
  // Parcels are polled hourly, so what moves them is the sandbox's pushes, and a carrier call on a parcel in transit is the "refresh now" and nothing else.
  const env = useBrowserStack('dashboard', pollingEvery(HOUR_MS));
  // Filled in by beforeAll.
  const made = {} as Record<'ups' | 'fedex' | 'usps' | 'processing' | 'cancelled' | 'dhl', Made>;

  const platform = () => env.stack.apiKeys.platform;
  const orderOf = async (orderId: string) => (await env.api.get(`/v1/orders/${encodeURIComponent(orderId)}`, env.stack.apiKeys.support)).body;

  /** A parcel in transit for weeks (real time; its history is visible at once), or one delivered within seconds. */
  async function withParcel(name: keyof typeof made, carrier: string, journey: 'in_transit' | 'delivered'): Promise<void> {
    const orderId = `DB-${runId}-${name}`;
    expectStatus(await env.api.post('/v1/orders', orderBody(orderId), platform()), 201, `create ${orderId}`);
    const parcel = await env.api.post(
      '/sandbox/parcels',
      journey === 'delivered' ? { carrier, scenario: 'delivered', speed: 20_000 } : { carrier, scenario: 'out_for_delivery_then_delivered', speed: 1 },
    );
    expectStatus(parcel, 201, `create a ${carrier} sandbox parcel`);
    expectStatus(await env.api.post(`/v1/orders/${orderId}/shipments`, { trackingNumber: parcel.body.trackingNumber }, platform()), 201, `add its parcel to ${orderId}`);
    made[name] = { orderId, trackingNumber: parcel.body.trackingNumber };
  }

  beforeAll(async () => {
    // Made one after another, so the list's newest-first order is known.
    await withParcel('ups', 'ups', 'in_transit');
    await withParcel('fedex', 'fedex', 'delivered');
    await withParcel('usps', 'usps', 'delivered');
    made.processing = { orderId: `DB-${runId}-processing` };
    expectStatus(await env.api.post('/v1/orders', orderBody(made.processing.orderId), platform()), 201, 'create the processing order');
    expectStatus(await env.api.post(`/v1/orders/${made.processing.orderId}/processing`, undefined, platform()), 200, 'mark it processing');
    made.cancelled = { orderId: `DB-${runId}-cancelled` };
    expectStatus(await env.api.post('/v1/orders', orderBody(made.cancelled.orderId), platform()), 201, 'create the cancelled order');
    expectStatus(await env.api.post(`/v1/orders/${made.cancelled.orderId}/cancel`, { reason: 'customer request' }, platform()), 200, 'cancel it');
    await withParcel('dhl', 'dhl', 'in_transit');

    // The dashboard reads the read model, as the JSON list does: wait until it holds every order where it should be.
    const expected: Record<string, string> = {
      [made.ups.orderId]: 'in_transit',
      [made.fedex.orderId]: 'delivered',
      [made.usps.orderId]: 'delivered',
      [made.processing.orderId]: 'processing',
      [made.cancelled.orderId]: 'cancelled',
      [made.dhl.orderId]: 'in_transit',
    };
    await waitUntil(
      'every order in the read model at its status',
      async () => {
        const { body } = await env.api.get('/v1/orders?limit=50', env.stack.apiKeys.support);
        const listed = Object.fromEntries((body.orders as Array<{ orderId: string; status: string }>).map((o) => [o.orderId, o.status]));
        return Object.entries(expected).every(([orderId, status]) => listed[orderId] === status) ? true : undefined;
      },
      60_000,
    ).catch(async (err: Error) => {
      throw new Error(`${err.message}; listed: ${JSON.stringify((await env.api.get('/v1/orders?limit=50', env.stack.apiKeys.support)).body)}`);
    });
  }, 90_000);

  async function signIn(page: Page, role: 'admin' | 'support', step: string): Promise<void> {
    // Signed out, the dashboard sends the browser to the sign-in form.
    await page.goto(`${env.baseUrl}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.getByTestId('api-key').fill(env.stack.apiKeys[role]);
    await screenshot(page, `${step}-sign-in-${role}`);
    await Promise.all([page.waitForURL((url) => url.pathname === '/admin'), page.getByTestId('sign-in').click()]);
    expect(await page.getByTestId('signed-in-as').getAttribute('data-role')).toBe(role);
    // The session cookie names the role and key ID, never the key.
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['wb_session', 'wb_csrf']));
    expect(cookies.find((c) => c.name === 'wb_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(JSON.stringify(cookies)).not.toContain(env.stack.apiKeys[role]);
  }

  const openOrder = async (page: Page, orderId: string): Promise<void> => {
    await page.goto(`${env.baseUrl}/admin/orders/${encodeURIComponent(orderId)}`);
    expect(await page.getByTestId('order-header').getAttribute('data-order-id')).toBe(orderId);
  };

  it('signs in with the admin key through the form, lists every order newest first, and filters them by status and by carrier', async () => {
    const page = await session.newPage('desktop');
    await signIn(page, 'admin', '01');
    const all = [made.dhl, made.cancelled, made.processing, made.usps, made.fedex, made.ups].map((m) => m.orderId);
    expect(await rowIds(page)).toEqual(all);
    const row = (m: Made) => page.locator(`[data-testid="order-row"][data-order-id="${m.orderId}"]`);
    expect(await row(made.fedex).getByTestId('order-status').getAttribute('data-value')).toBe('delivered');
    expect(await row(made.fedex).getByTestId('order-parcels').textContent()).toContain(made.fedex.trackingNumber);
    expect(await row(made.ups).getByTestId('order-status').getAttribute('data-value')).toBe('in_transit');
    expect(await row(made.cancelled).getByTestId('order-status').getAttribute('data-value')).toBe('cancelled');
    expect(await row(made.processing).getByTestId('order-parcels').textContent()).toBe('none yet');
    expect(await page.getByTestId('status-count-delivered').getAttribute('data-count')).toBe('2');
    expect(await page.getByTestId('status-count-in_transit').getAttribute('data-count')).toBe('2');
    expect(await page.getByTestId('status-count-cancelled').getAttribute('data-count')).toBe('1');
    await screenshot(page, '01-orders');

    await pick(page, 'filter-status', 'delivered');
    expect(await rowIds(page)).toEqual([made.usps.orderId, made.fedex.orderId]);
    await screenshot(page, '02-filter-status-delivered');
    await pick(page, 'filter-status', 'in_transit');
    expect(await rowIds(page)).toEqual([made.dhl.orderId, made.ups.orderId]);
    // Both filters at once: the status picked stays while the carrier is picked.
    await pick(page, 'filter-carrier', 'dhl');
    expect(new URL(page.url()).searchParams.get('status')).toBe('in_transit');
    expect(await rowIds(page)).toEqual([made.dhl.orderId]);
    await screenshot(page, '03-filter-in-transit-dhl');
    await pick(page, 'filter-status', '');
    await pick(page, 'filter-carrier', 'fedex');
    expect(await rowIds(page)).toEqual([made.fedex.orderId]);
    await pick(page, 'filter-carrier', 'ups');
    expect(await rowIds(page)).toEqual([made.ups.orderId]);
    await screenshot(page, '04-filter-carrier-ups');
    await pick(page, 'filter-status', 'delivered');
    expect(await page.getByTestId('no-orders').textContent()).toBe('No orders match these filters.');
    expect(await page.getByTestId('order-row').count()).toBe(0);
    await screenshot(page, '05-filter-no-match');
  });

  it('finds an order by its ID and by its tracking number, however the number is typed', async () => {
    const page = await session.newPage('desktop');
    await signIn(page, 'admin', '06');
    const search = async (text: string): Promise<void> => {
      await page.getByTestId('search').fill(text);
      await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === text), page.getByTestId('apply-filters').click()]);
    };

    await search(made.fedex.orderId);
    expect(await rowIds(page)).toEqual([made.fedex.orderId]);
    await screenshot(page, '06-search-order-id');

    const typed = made.dhl.trackingNumber!.toLowerCase().replace(/(.{4})/g, '$1 ').trim();
    await search(typed);
    expect(await rowIds(page)).toEqual([made.dhl.orderId]);
    expect(await page.getByTestId('search-summary').textContent()).toContain(typed);
    await screenshot(page, '07-search-tracking-number');

    await search(`DB-${runId}-nothing`);
    expect(await page.getByTestId('order-row').count()).toBe(0);
    expect(await page.getByTestId('search-summary').textContent()).toContain('No order has that ID or tracking number.');
  });

  it('shows an order: its parcel, timeline, notification log, escrow and a working link to its workflow in the Temporal UI', async () => {
    const page = await session.newPage('desktop');
    await signIn(page, 'admin', '08');
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/admin/orders/${made.fedex.orderId}`),
      page.locator(`[data-testid="order-row"][data-order-id="${made.fedex.orderId}"]`).getByTestId('order-link').click(),
    ]);
    const order = await orderOf(made.fedex.orderId);

    expect(await page.getByTestId('order-header').getByTestId('order-status').getAttribute('data-value')).toBe('delivered');
    expect(await page.getByTestId('order-source').textContent()).toBe('the live workflow');

    const shipment = page.getByTestId('shipment');
    expect(await shipment.count()).toBe(1);
    expect(await shipment.getAttribute('data-shipment-id')).toBe(order.shipments[0].shipmentId);
    expect(await shipment.getByTestId('tracking-number').textContent()).toBe(made.fedex.trackingNumber);
    expect(await shipment.getByTestId('shipment-status').getAttribute('data-value')).toBe('delivered');
    // FedEx's proof of delivery, as the order's workflow holds it.
    expect(order.shipments[0].proofOfDelivery).toMatchObject({ place: expect.any(String), hasSignature: false, hasProofOfDelivery: true });
    expect(await shipment.getByTestId('proof-of-delivery').textContent()).toBe(`Left at ${order.shipments[0].proofOfDelivery.place}. No signature · carrier proof available`);

    // Every carrier scan and the order's own history, newest first.
    const entries = page.getByTestId('timeline-entry');
    const scans = await page.locator('[data-testid="timeline-entry"][data-kind="scan"]').count();
    expect(scans).toBe(order.shipments[0].events.length);
    expect(await entries.count()).toBe(scans + order.history.length);
    const times = await entries.locator('time').evaluateAll((nodes) => nodes.map((node) => Date.parse(node.getAttribute('datetime') ?? '')));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(await page.locator('[data-testid="timeline-entry"][data-kind="scan"] [data-value="delivered"]').count()).toBe(1);

    // The messages the customer got, as GET /v1/orders/{id}/notifications lists them.
    const log = (await env.api.get(`/v1/orders/${made.fedex.orderId}/notifications`, env.stack.apiKeys.support)).body;
    const rows = page.getByTestId('notification-log').getByTestId('notification');
    expect(await rows.count()).toBe(log.notifications.length);
    expect(await page.locator('[data-testid="notification"][data-milestone="order_received"][data-channel="email"]').getAttribute('data-state')).toBe('sent');

    const escrow = page.getByTestId('escrow');
    expect(await escrow.getByTestId('escrow-state').getAttribute('data-value')).toBe(order.escrow.state);
    expect(await escrow.textContent()).toContain('$129.99');

    const link = page.getByTestId('temporal-link');
    expect(await link.textContent()).toBe(`order:${made.fedex.orderId}`);
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${env.ports.temporalUi}/namespaces/default/workflows/order%3A${made.fedex.orderId}/[0-9a-f-]{36}/history$`));
    expect((await fetch(href)).status).toBe(200);
    await screenshot(page, '08-order-page');
  });

  it('holds the escrow as an admin through the CSRF-protected form, after refusing a forged token; the JSON API agrees', async () => {
    const { orderId } = made.ups;
    const page = await session.newPage('desktop');
    await signIn(page, 'admin', '09');
    await openOrder(page, orderId);
    const keyId = await page.getByTestId('signed-in-as').locator('.mono').textContent();
    // An admin sees the overrides: hold, release, and mark delivered for the parcel on its way.
    for (const form of ['escrow-hold-form', 'escrow-release-form', 'mark-delivered-form', 'refresh-form']) expect(await page.getByTestId(form).count()).toBe(1);
    expect(await page.getByTestId('escrow-state').getAttribute('data-value')).toBe('held');
    await screenshot(page, '09-order-before-hold');

    // The same form with another token: refused before the handler, nothing changes.
    await page.getByTestId('escrow-hold-form').locator('input[name="_csrf"]').evaluate((field) => field.setAttribute('value', 'forged-token'));
    await page.getByTestId('escrow-hold-reason').fill('Forged');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByTestId('escrow-hold').click()]);
    expect(refused.status()).toBe(403);
    await page.getByTestId('error-page').waitFor();
    expect(await page.getByTestId('error-page').getAttribute('data-status')).toBe('403');
    expect(await page.getByTestId('flash').textContent()).toContain('CSRF check failed');
    await screenshot(page, '10-hold-forged-token-refused');
    expect((await orderOf(orderId)).escrow.onHold).toBeFalsy();

    await openOrder(page, orderId);
    await page.getByTestId('escrow-hold-reason').fill('Chargeback under review');
    await Promise.all([page.waitForURL((url) => url.searchParams.get('flash') === 'escrow-held'), page.getByTestId('escrow-hold').click()]);
    expect(await page.getByTestId('flash').textContent()).toBe('Escrow on hold: it will not be released automatically.');
    expect(await page.getByTestId('escrow-on-hold').count()).toBe(1);
    expect(await page.getByTestId('escrow-hold-form').count()).toBe(0);
    const held = page.locator('[data-testid="timeline-entry"][data-kind="order"]', { hasText: 'escrow held' });
    expect(await held.textContent()).toContain('Chargeback under review');
    expect(await held.textContent()).toContain(`admin · ${keyId}`);
    await screenshot(page, '11-order-escrow-held');

    const order = await orderOf(orderId);
    expect(order.escrow).toMatchObject({ state: 'held', onHold: true });
    expect(order.history).toContainEqual(expect.objectContaining({ type: 'escrow_held', detail: 'Chargeback under review', actor: expect.objectContaining({ role: 'admin', keyId }) }));
  });

  it('lets a support session refresh a parcel and resend a message, shows it no admin action, and refuses one it posts anyway', async () => {
    const { orderId, trackingNumber } = made.dhl;
    const page = await session.newPage('desktop');
    await signIn(page, 'support', '12');
    await openOrder(page, orderId);
    for (const form of ['escrow-actions', 'escrow-hold-form', 'escrow-release-form', 'resolve-form', 'mark-delivered-form']) expect(await page.getByTestId(form).count()).toBe(0);
    expect(await page.getByTestId('refresh-form').count()).toBe(1);
    await screenshot(page, '12-order-as-support');

    // Refresh now: the parcel's workflow asks DHL at once, though its next poll is an hour away.
    const carrierCalls = async (): Promise<number> => (await env.api.get(`/sandbox/parcels/${trackingNumber}`)).body.carrierCalls.track;
    const before = await carrierCalls();
    await Promise.all([page.waitForURL((url) => url.searchParams.get('flash') === 'refresh-requested'), page.getByTestId('refresh').click()]);
    expect(await page.getByTestId('flash').textContent()).toContain('Asked the carrier for news now');
    await screenshot(page, '13-refresh-requested');
    await waitUntil('a carrier call for the refreshed parcel', async () => ((await carrierCalls()) > before ? true : undefined), 15_000);

    // Resend: the order-received email goes out once more.
    const email = orderBody(orderId).customer.email;
    const mail = async (): Promise<Array<{ subject: string }>> => (await env.api.get(`/sandbox/mail?to=${encodeURIComponent(email)}`)).body.messages;
    const received = (await mail()).filter((m) => m.subject.startsWith(`We've received your order ${orderId}`)).length;
    expect(received).toBe(1);
    const original = page.locator('[data-testid="notification"][data-milestone="order_received"][data-channel="email"]');
    await Promise.all([page.waitForURL((url) => url.searchParams.get('flash') === 'notification-resent'), original.getByTestId('resend').click()]);
    expect(await page.getByTestId('flash').textContent()).toBe('The message is being sent again; its outcome appears in the notification log.');
    await waitUntil(
      'the resent email',
      async () => ((await mail()).filter((m) => m.subject.startsWith(`We've received your order ${orderId}`)).length === 2 ? true : undefined),
      20_000,
    );
    await openOrder(page, orderId);
    const resent = page.locator('[data-testid="notification"][data-milestone="order_received"][data-channel="email"]', { hasText: 'resend-1' });
    expect(await resent.getAttribute('data-state')).toBe('sent');
    // A resend is not offered again.
    expect(await resent.getByTestId('resend').count()).toBe(0);
    await screenshot(page, '14-notification-resent');

    // The server decides, whatever the page shows: the session's own valid token does not make it an admin.
    const csrf = await page.getByTestId('refresh-form').locator('input[name="_csrf"]').getAttribute('value');
    const forced = await page.request.post(`${env.baseUrl}/admin/orders/${orderId}/escrow/hold`, { form: { _csrf: csrf ?? '', reason: 'Support tries' }, maxRedirects: 0 });
    expect(forced.status()).toBe(403);
    expect((await orderOf(orderId)).escrow.onHold).toBeFalsy();
  });
});
