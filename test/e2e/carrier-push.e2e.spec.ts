import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocatePorts, startDevStack, type RunningStack } from '../support/dev-stack-process';
import { httpClient, waitUntil } from '../support/http-client';

/** The development default the sandbox signs UPS pushes with, and the API verifies. */
const UPS_CREDENTIAL = 'sandbox-ups-webhook-credential';
const HOUR_MS = 3_600_000;

/**
 * Carrier push end to end: a stack that polls only once an hour, so everything after a shipment's
 * first poll can only have arrived through the sandbox's signed pushes to the webhook endpoints.
 */
describe('carrier push end to end', () => {
  let dataDir: string;
  let stack: RunningStack;
  let api: ReturnType<typeof httpClient>;
  const runId = Date.now().toString(36);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'waybill-e2e-push-'));
    const hourly = String(HOUR_MS);
    stack = await startDevStack(dataDir, await allocatePorts(), {
      POLL_INTERVAL_PRE_TRANSIT_MS: hourly,
      POLL_INTERVAL_IN_TRANSIT_MS: hourly,
      POLL_INTERVAL_OUT_FOR_DELIVERY_MS: hourly,
      POLL_INTERVAL_ATTEMPT_FAILED_MS: hourly,
    });
    api = httpClient(stack.apiUrl);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const createOrderWithShipment = async (orderId: string, trackingNumber: string, carrier: string) => {
    const key = stack.apiKeys.platform;
    const order = { orderId, customer: { name: 'Grace Hopper', email: `grace.${orderId.toLowerCase()}@example.com` } };
    expect((await api.post('/v1/orders', order, key)).status).toBe(201);
    const shipment = await api.post(`/v1/orders/${orderId}/shipments`, { trackingNumber, carrier }, key);
    expect(shipment.status).toBe(201);
    return shipment.body.shipmentId as string;
  };

  const trackAlert = (trackingNumber: string, time: string) =>
    JSON.stringify({
      trackingNumber,
      localActivityDate: '20261126',
      localActivityTime: time,
      gmtActivityDate: '20261126',
      gmtActivityTime: '18:00:00',
      gmtOffset: '-05:00',
      activityLocation: { city: 'CHICAGO', stateProvince: 'IL', postalCode: '60601', country: 'US' },
      activityStatus: { type: 'I', code: 'DP', description: 'Departed from Facility', descriptionCode: '005' },
      scheduledDeliveryDate: '20261128',
      actualDeliveryDate: '',
      actualDeliveryTime: '',
      receivedBy: '',
    });

  it('emulates every carrier, each pushing its scans signed with its own scheme', async () => {
    const { body } = await api.get('/sandbox/carriers');
    expect(body.carriers.map((c: { carrier: string }) => c.carrier).sort()).toEqual(['dhl', 'fedex', 'ups', 'usps']);
  });

  it.each(['ups', 'fedex', 'dhl', 'usps'])('follows a %s parcel to delivered through pushes alone', async (carrier) => {
    const parcel = await api.post('/sandbox/parcels', { carrier, scenario: 'out_for_delivery_then_delivered', speed: 2000 });
    expect(parcel.status).toBe(201);
    const orderId = `PUSH-${runId}-${carrier}`;
    await createOrderWithShipment(orderId, parcel.body.trackingNumber, carrier);
    const order = await waitUntil(
      `the ${carrier} order to be delivered`,
      async () => {
        const { body } = await api.get(`/v1/orders/${orderId}`, stack.apiKeys.support);
        return body.status === 'delivered' ? body : undefined;
      },
      90_000,
    );
    expect(order.shipments[0].events.map((e: { status: string }) => e.status)).toContain('out_for_delivery');
    const played = await api.get(`/sandbox/parcels/${parcel.body.trackingNumber}`);
    expect(played.body.push).toMatchObject({ enabled: true, failures: 0 });
    expect(played.body.push.pushedSteps).toBe(played.body.timeline.length);
    // One poll when the shipment started; everything after it came by push.
    expect(played.body.carrierCalls.track).toBeLessThanOrEqual(2);
  }, 120_000);

  it('refuses forged and unsigned pushes on every endpoint with 401', async () => {
    const body = trackAlert('1Z5R89390357567127', '130000');
    for (const source of ['ups', 'fedex', 'dhl', 'usps', 'easypost']) {
      const unsigned = await api.raw('POST', `/v1/webhooks/${source}`, { rawBody: body });
      expect(unsigned.status).toBe(401);
    }
    const forged = await fetch(`${stack.apiUrl}/v1/webhooks/ups`, { method: 'POST', headers: { 'content-type': 'application/json', credential: 'guessed' }, body });
    expect(forged.status).toBe(401);
    const badSignature = await fetch(`${stack.apiUrl}/v1/webhooks/fedex`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'fdx-signature': Buffer.from('not the hmac').toString('base64') },
      body,
    });
    expect(badSignature.status).toBe(401);
  });

  it('keeps a push for an unknown number, creates nothing, and hands it to the shipment added later', async () => {
    const trackingNumber = '1Z999AA10123456784';
    const post = (time: string) =>
      fetch(`${stack.apiUrl}/v1/webhooks/ups`, { method: 'POST', headers: { 'content-type': 'application/json', credential: UPS_CREDENTIAL }, body: trackAlert(trackingNumber, time) });
    const first = await post('130000');
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: true, updates: 1 });
    // Once the first was handed over (here: kept for later), the same push is a replay to ignore.
    await waitUntil('the replay to be ignored', async () => ((await (await post('130000')).json()).accepted === false ? true : undefined), 10_000);
    const list = await api.get('/v1/orders?limit=100', stack.apiKeys.support);
    expect(JSON.stringify(list.body)).not.toContain(trackingNumber);

    const orderId = `PUSH-${runId}-late`;
    await createOrderWithShipment(orderId, trackingNumber, 'ups');
    const order = await waitUntil(
      'the kept push to reach the shipment',
      async () => {
        const { body } = await api.get(`/v1/orders/${orderId}`, stack.apiKeys.support);
        return body.shipments[0]?.events.length > 0 ? body : undefined;
      },
      30_000,
    );
    expect(order.shipments[0].events).toEqual([expect.objectContaining({ status: 'in_transit', occurredAt: '2026-11-26T13:00:00-05:00' })]);
  }, 60_000);
});
