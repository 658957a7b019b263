import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection, Client } from '@temporalio/client';
import { loadOrCreateDevPayloadEncryptionKeys } from '../../src/dev/dev-api-keys';
import { waybillDataConverter } from '../../src/temporal/payload-encryption/data-converter';
import { allocatePorts, startDevStack, type RunningStack, type StackPorts } from '../support/dev-stack-process';
import { httpClient, waitUntil } from '../support/http-client';
import { diagnoseShipment } from '../support/shipment-diagnosis';

/**
 * The whole stack as `npm run dev` starts it (Temporal dev server, FerretDB, sandbox, worker, API),
 * driven only over HTTP, the way an ecommerce platform would drive it.
 */
describe('Waybill end to end', () => {
  let dataDir: string;
  let ports: StackPorts;
  let stack: RunningStack;
  let api: ReturnType<typeof httpClient>;
  const runId = Date.now().toString(36);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'waybill-e2e-'));
    ports = await allocatePorts();
    stack = await startDevStack(dataDir, ports, { POLL_INTERVAL_PRE_TRANSIT_MS: '1000', POLL_INTERVAL_IN_TRANSIT_MS: '1000', POLL_INTERVAL_OUT_FOR_DELIVERY_MS: '1000' });
    api = httpClient(stack.apiUrl);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const newOrder = (orderId: string, email: string) => ({
    orderId,
    customer: { name: 'Ada Lovelace', email, phone: '+14155550123', locale: 'en-US', timeZone: 'America/New_York' },
    // Ten days out, whenever the suite runs: a sandbox parcel is delivered well before it.
    promisedDeliveryDate: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
    escrow: { amount: 12999, currency: 'USD' },
  });

  it('takes an order from received to delivered and emails each milestone once, with the tracking link', async () => {
    const orderId = `E2E-${runId}-1`;
    const email = `ada.${runId}@example.com`;
    const key = stack.apiKeys.platform;

    const parcel = await api.post('/sandbox/parcels', { carrier: 'ups', scenario: 'delivered', speed: 20_000 });
    expect(parcel.status).toBe(201);
    expect(parcel.body).toMatchObject({ carrier: 'ups', scenario: 'delivered' });
    expect(parcel.body.trackingNumber).toMatch(/^1Z[0-9A-Z]{16}$/);

    const created = await api.post('/v1/orders', newOrder(orderId, email), key);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ orderId, status: 'order_received', escrow: { state: 'held' } });

    expect((await api.post(`/v1/orders/${orderId}/processing`, undefined, key)).body.status).toBe('processing');

    const shipment = await api.post(`/v1/orders/${orderId}/shipments`, { trackingNumber: parcel.body.trackingNumber }, key);
    expect(shipment.status).toBe(201);
    expect(shipment.body).toMatchObject({
      carrier: 'ups',
      trackingNumber: parcel.body.trackingNumber,
      trackingUrl: `https://www.ups.com/track?tracknum=${parcel.body.trackingNumber}`,
      status: 'pending',
    });
    expect(shipment.body.shipmentId).toMatch(/^shp_/);

    const order = await waitUntil(
      'the order to be delivered',
      async () => {
        const { body } = await api.get(`/v1/orders/${orderId}`, key);
        return body.status === 'delivered' && body.shipments[0]?.status === 'delivered' ? body : undefined;
      },
      120_000,
    );
    expect(order).toMatchObject({ orderId, delayed: false, escrow: { amount: 12999, currency: 'USD' } });
    // Held until a second read confirms the delivery, then scheduled for release after the dispute window.
    expect(['held', 'release_scheduled']).toContain(order.escrow.state);
    const timeline = order.shipments[0].events as Array<{ status: string; occurredAt: string; carrierCodes: { statusCode: string } }>;
    // At sandbox speed the label and the pickup can share a second; then the one that arrived first (by
    // push or poll) is listed first, so look for the label among the first two.
    expect(timeline.slice(0, 2)).toContainEqual(expect.objectContaining({ status: 'info_received', carrierCodes: expect.objectContaining({ statusCode: '003' }) }));
    expect(timeline.at(-1)).toMatchObject({ status: 'delivered', carrierCodes: { statusCode: '011' } });
    expect(timeline.map((e) => e.status)).toContain('out_for_delivery');
    const times = timeline.map((e) => Date.parse(e.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const mail = await waitUntil(
      'four milestone emails',
      async () => {
        const { body } = await api.get(`/sandbox/mail?to=${encodeURIComponent(email)}`);
        return body.messages.length >= 4 ? body.messages : undefined;
      },
      60_000,
    );
    // Give any duplicate a moment to arrive before asserting there is none.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const { body: finalMail } = await api.get(`/sandbox/mail?to=${encodeURIComponent(email)}`);
    expect(finalMail.messages).toHaveLength(mail.length);
    const subjects = finalMail.messages.map((m: { subject: string }) => m.subject.replace(/ — .*$/, ''));
    expect(subjects).toEqual([
      `We've received your order ${orderId}`,
      `Your order ${orderId} has shipped`,
      `Your order ${orderId} is out for delivery`,
      `Your order ${orderId} has been delivered`,
    ]);
    const link = `https://www.ups.com/track?tracknum=${parcel.body.trackingNumber}`;
    for (const message of finalMail.messages.slice(1)) {
      expect(message.text).toContain(link);
      expect(message.html).toContain(`href="${link}"`);
    }
  }, 180_000);

  const TRACKING_PAGES: Record<string, string> = {
    fedex: 'https://www.fedex.com/fedextrack/?trknbr=',
    dhl: 'https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?submit=1&tracking-id=',
    usps: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=',
  };

  it.each(Object.keys(TRACKING_PAGES))('follows a %s parcel to delivered by polling its emulator alone', async (carrier) => {
    const orderId = `E2E-${runId}-${carrier}`;
    const key = stack.apiKeys.platform;
    // No push: only this carrier's adapter, polling its emulator over HTTP, can see the scans.
    const parcel = await api.post('/sandbox/parcels', { carrier, scenario: 'delivered_with_signature', speed: 20_000, push: false });
    expect(parcel.status).toBe(201);
    expect((await api.post('/v1/orders', newOrder(orderId, `${carrier}.${runId}@example.com`), key)).status).toBe(201);
    // Detected from the number alone.
    const shipment = await api.post(`/v1/orders/${orderId}/shipments`, { trackingNumber: parcel.body.trackingNumber }, key);
    expect(shipment.status).toBe(201);
    expect(shipment.body).toMatchObject({ carrier, trackingUrl: `${TRACKING_PAGES[carrier]}${parcel.body.trackingNumber}` });
    const order = await waitUntil(
      `the ${carrier} order to be delivered`,
      async () => {
        const { body } = await api.get(`/v1/orders/${orderId}`, key);
        return body.status === 'delivered' ? body : undefined;
      },
      120_000,
    ).catch(async (err: Error) => {
      throw new Error(`${err.message}; shipment workflow: ${await diagnoseShipment(ports.temporal, shipment.body.shipmentId)}`);
    });
    const [delivered] = order.shipments;
    expect(delivered.events.map((e: { status: string }) => e.status)).toEqual(expect.arrayContaining(['in_transit', 'out_for_delivery', 'delivered']));
    expect(delivered.events.every((e: { occurredAt: string }) => /[+-]\d{2}:\d{2}$|Z$/.test(e.occurredAt))).toBe(true);
    const played = await api.get(`/sandbox/parcels/${parcel.body.trackingNumber}`);
    expect(played.body.push.pushedSteps).toBe(0);
    expect(played.body.carrierCalls.track).toBeGreaterThan(1);
  }, 150_000);

  it('answers repeated creates with the existing resource and conflicting ones with 409, starting one workflow', async () => {
    const orderId = `E2E-${runId}-2`;
    const key = stack.apiKeys.platform;
    const body = newOrder(orderId, `grace.${runId}@example.com`);
    expect((await api.post('/v1/orders', body, key)).status).toBe(201);
    const again = await api.post('/v1/orders', { ...body, customer: { ...body.customer } }, key);
    expect(again.status).toBe(200);
    expect(again.body.orderId).toBe(orderId);
    const conflicting = await api.post('/v1/orders', { ...body, escrow: { amount: 1, currency: 'USD' } }, key);
    expect(conflicting.status).toBe(409);

    const parcel = await api.post('/sandbox/parcels', { carrier: 'ups', scenario: 'delivered', speed: 1 });
    const first = await api.post(`/v1/orders/${orderId}/shipments`, { trackingNumber: parcel.body.trackingNumber, carrier: 'ups' }, key);
    const second = await api.post(`/v1/orders/${orderId}/shipments`, { trackingNumber: parcel.body.trackingNumber, carrier: 'ups' }, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.shipmentId).toBe(first.body.shipmentId);

    const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
    try {
      // The stack's own key, from its data folder: listing decodes each order's (encrypted) memo.
      const client = new Client({ connection, dataConverter: await waybillDataConverter(loadOrCreateDevPayloadEncryptionKeys(dataDir)) });
      const count = async (query: string) => {
        let n = 0;
        for await (const _ of client.workflow.list({ query })) n += 1;
        return n;
      };
      expect(await count(`WorkflowId = 'order:${orderId}'`)).toBe(1);
      expect(await count(`WorkflowId = 'shipment:${first.body.shipmentId}'`)).toBe(1);
    } finally {
      await connection.close();
    }

    const refused = await api.post(`/v1/orders/${orderId}/cancel`, {}, key);
    expect(refused.status).toBe(409);
  }, 60_000);

  it('cancels an order before it ships', async () => {
    const orderId = `E2E-${runId}-3`;
    const key = stack.apiKeys.platform;
    await api.post('/v1/orders', newOrder(orderId, `linus.${runId}@example.com`), key);
    const cancelled = await api.post(`/v1/orders/${orderId}/cancel`, { reason: 'customer request' }, key);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const later = await api.post(`/v1/orders/${orderId}/shipments`, { trackingNumber: '1Z5R89390357567127' }, key);
    expect(later.status).toBe(409);
  }, 60_000);

  it('lists orders by status and carrier with cursor pagination', async () => {
    const key = stack.apiKeys.support;
    const firstPage = await api.get('/v1/orders?limit=1', key);
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.orders).toHaveLength(1);
    expect(firstPage.body.nextCursor).toEqual(expect.any(String));
    const secondPage = await api.get(`/v1/orders?limit=1&cursor=${firstPage.body.nextCursor}`, key);
    expect(secondPage.body.orders[0].orderId).not.toBe(firstPage.body.orders[0].orderId);
    const cancelled = await api.get('/v1/orders?status=cancelled', key);
    expect(cancelled.body.orders.map((o: { status: string }) => o.status)).toEqual(cancelled.body.orders.map(() => 'cancelled'));
    expect(cancelled.body.orders.some((o: { orderId: string }) => o.orderId === `E2E-${runId}-3`)).toBe(true);
    const ups = await api.get('/v1/orders?carrier=ups', key);
    expect(ups.body.orders.every((o: { carriers: string[] }) => o.carriers.includes('ups'))).toBe(true);
  }, 30_000);

  it('refuses bad input and bad keys with clear 4xx answers and changes nothing', async () => {
    const key = stack.apiKeys.platform;
    const orderId = `E2E-${runId}-bad`;
    expect((await api.post('/v1/orders', newOrder(orderId, 'x@example.com'))).status).toBe(401);
    expect((await api.post('/v1/orders', newOrder(orderId, 'x@example.com'), 'not-a-real-key-at-all')).status).toBe(401);
    expect((await api.post('/v1/orders', newOrder(orderId, 'x@example.com'), stack.apiKeys.support)).status).toBe(403);

    const malformed = await api.raw('POST', '/v1/orders', { key, rawBody: '{"orderId": "X", ' });
    expect(malformed.status).toBe(400);
    const oversized = await api.raw('POST', '/v1/orders', { key, rawBody: JSON.stringify({ ...newOrder(orderId, 'x@example.com'), pad: 'x'.repeat(200_000) }) });
    expect(oversized.status).toBe(413);
    const invalidEmail = await api.post('/v1/orders', { ...newOrder(orderId, 'not-an-email'), orderId }, key);
    expect(invalidEmail.status).toBe(400);
    expect(JSON.stringify(invalidEmail.body)).toMatch(/email/i);
    const injection = await api.post('/v1/orders', { ...newOrder(orderId, 'x@example.com'), orderId: { $gt: '' } }, key);
    expect(injection.status).toBe(400);
    const filterInjection = await api.get('/v1/orders?status[$ne]=delivered', key);
    expect(filterInjection.status).toBe(400);
    expect((await api.get(`/v1/orders/${orderId}`, key)).status).toBe(404);

    const existing = `E2E-${runId}-3`;
    const badNumber = await api.post(`/v1/orders/${existing}/shipments`, { trackingNumber: '1Z1111111111111111' }, key);
    expect(badNumber.status).toBe(400);
    expect(JSON.stringify(badNumber.body)).toMatch(/check digit/i);
    const ambiguous = await api.post(`/v1/orders/${existing}/shipments`, { trackingNumber: '9261292700768711948021' }, key);
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body).toMatchObject({ statusCode: 400, error: 'Bad Request', ambiguousCarriers: ['fedex', 'usps'] });
    expect((await api.post('/v1/orders/NOPE-404/processing', undefined, key)).status).toBe(404);

    // Nothing of the refused requests was written.
    const list = await api.get('/v1/orders?limit=100', key);
    expect(list.body.orders.some((o: { orderId: string }) => o.orderId === orderId)).toBe(false);
  }, 30_000);

  it('serves health and the OpenAPI document', async () => {
    expect((await api.get('/health/live')).status).toBe(200);
    const ready = await api.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({ mongodb: { status: 'up' }, temporal: { status: 'up' } });
    const openapi = await api.get('/docs-json');
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/v1/orders', '/v1/orders/{orderId}', '/v1/orders/{orderId}/shipments']));
    expect((await api.get('/docs')).status).toBe(200);
  });

  it('stops every process on Ctrl-C and keeps the data across a restart', async () => {
    const key = stack.apiKeys.platform;
    const orderId = `E2E-${runId}-2`;
    const before = await api.get(`/v1/orders/${orderId}`, key);
    expect(before.status).toBe(200);

    expect(await stack.stop()).toBe(0);
    for (const port of Object.values(ports)) {
      await expect(fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    }

    stack = await startDevStack(dataDir, ports);
    const after = await api.get(`/v1/orders/${orderId}`, key);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ orderId, status: before.body.status, shipments: [{ shipmentId: before.body.shipments[0].shipmentId }] });
  }, 240_000);
});
