import { createHmac } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { rawFound, journey } from '../fixtures/fedex/fedex-payloads';
import { waitUntil } from '../support/http-client';
import { recordFinding } from './support/fault-record';
import { sleep, startFaultStack, type FaultStack } from './support/fault-stack';
import {
  expectChronological,
  expectNoRegression,
  mailSubjects,
  orderFootprint,
  platformStatusSequence,
  scaledPollEnv,
  type TimelineEvent,
} from './support/input-fault-helpers';
import { expectInvariants, sandboxParcelEvents, type DeliveredEvent } from './support/invariants';
import { customersOf, orderDetail, placeOrder, scenarioCustomer, shipParcel } from './support/process-fault-orders';
import { postWebhook, pushUps, toTheSecond, UPS_ACTIVITY, upsTrackAlert } from './support/ups-track-alerts';

const CLOCK_SPEED = 4000;
/** The development default the sandbox signs FedEx pushes with, and the API verifies. */
const FEDEX_WEBHOOK_SECRET = 'sandbox-fedex-webhook-secret';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Long enough for a refused or repeated push to have changed something, if it were going to. */
const SETTLE_MS = 2_500;

type Timeline = TimelineEvent[];

/**
 * Fault scenarios: carrier webhooks that repeat, arrive late or out of order, report an earlier
 * status after a later one, or come forged or tampered (docs/reliability.md, "Webhooks"). The pushes
 * are written by the test and signed as the carrier signs them, so their bytes and timestamps are
 * under its control; the parcels sit still, so anything a push changed would show.
 */
describe('fault: duplicate, late, out-of-order, forged and tampered webhooks', () => {
  const runId = Date.now().toString(36);
  let stack: FaultStack;

  beforeAll(async () => {
    stack = await startFaultStack('webhooks', {
      ...scaledPollEnv(CLOCK_SPEED),
      // The parcels that sit still below must not be declared stalled or lost while the test runs.
      LIFECYCLE_STALL_IN_TRANSIT_MS: String(30 * MINUTE),
      LIFECYCLE_STALL_OUT_FOR_DELIVERY_MS: String(30 * MINUTE),
      LIFECYCLE_LOST_AFTER_MS: String(60 * MINUTE),
    });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 90_000);

  const timelineOf = async (orderId: string): Promise<{ status: string; shipmentStatus: string; events: Timeline }> => {
    const order = await orderDetail(stack, orderId);
    return { status: order.status, shipmentStatus: order.shipments[0]?.status, events: order.shipments[0]?.events ?? [] };
  };

  /** The order's footprint once it has stopped changing (the same twice in a row, a second apart). */
  const quiescentFootprint = (orderId: string) => {
    let previous: unknown;
    return waitUntil(`${orderId} to sit still`, async () => {
      const current = await orderFootprint(stack, orderId);
      const still = isDeepStrictEqual(current, previous);
      previous = current;
      return still ? current : undefined;
    }, 30_000, 1_000);
  };

  /** A sandbox parcel that stops at Las Vegas at once, and whose order's timeline shows every step of it. */
  const stillOrder = async (label: string, carrier: string) => {
    const customer = scenarioCustomer(runId, label);
    await placeOrder(stack, customer);
    const trackingNumber = await shipParcel(stack, customer.orderId, { carrier, scenario: 'stalled_then_lost', speed: 1_000_000, push: false });
    const steps = await sandboxParcelEvents(stack.apiUrl, trackingNumber);
    await waitUntil(`${customer.orderId} to show the parcel's ${steps.length} scans`, async () => ((await timelineOf(customer.orderId)).events.length === steps.length ? true : undefined), 30_000);
    return { customer, trackingNumber, steps };
  };

  const expectAccepted = (answer: { status: number; body: unknown }) => expect(answer).toEqual({ status: 200, body: { accepted: true, updates: 1 } });

  it('acknowledges a byte-for-byte replay of a signed push idempotently, takes a re-sent scan once, and places late and out-of-order scans without moving the status back', async () => {
    const { customer, trackingNumber, steps } = await stillOrder('webhooks-ups', 'ups');
    const { orderId } = customer;
    const lastScan = Date.parse(steps.at(-1)!.occurredAt);
    const pushed: DeliveredEvent[] = [];
    const at = (offsetMs: number) => new Date(lastScan + offsetMs);
    const push = async (when: Date, activity: (typeof UPS_ACTIVITY)[keyof typeof UPS_ACTIVITY]) => {
      const body = upsTrackAlert(trackingNumber, when, activity);
      const answer = await pushUps(stack.apiUrl, body);
      pushed.push({ trackingNumber, occurredAt: toTheSecond(when) });
      return { body, answer };
    };
    const hasScanAt = (when: Date) => async () => ((await timelineOf(orderId)).events.some((e) => Date.parse(e.occurredAt) === Date.parse(toTheSecond(when))) ? true : undefined);

    // A valid push of news: accepted, and in the timeline.
    const departed = at(MINUTE);
    const news = await push(departed, UPS_ACTIVITY.departed);
    expectAccepted(news.answer);
    await waitUntil('the pushed departure in the timeline', hasScanAt(departed), 20_000);
    const before = await quiescentFootprint(orderId);

    // The same bytes again, as a carrier's retry or an attacker's replay: acknowledged, nothing else.
    const replay = await pushUps(stack.apiUrl, news.body);
    expect(replay).toEqual({ status: 200, body: { accepted: false, updates: 0 } });
    await sleep(SETTLE_MS);
    expect(await orderFootprint(stack, orderId)).toEqual(before);

    // The same scan in new bytes (a resend with another serialisation): delivered to the workflow,
    // which knows its fingerprint, so the read model does not change.
    const resent = await pushUps(stack.apiUrl, JSON.stringify(JSON.parse(news.body), null, 2));
    expectAccepted(resent);
    await sleep(SETTLE_MS);
    expect((await orderFootprint(stack, orderId)).order).toEqual(before.order);

    // Late: a scan from ten hours before the last one joins the timeline in its place; status stays.
    const late = at(-10 * HOUR);
    expectAccepted((await push(late, UPS_ACTIVITY.arrived)).answer);
    await waitUntil('the late scan in the timeline', hasScanAt(late), 20_000);
    let timeline = await timelineOf(orderId);
    expect(timeline).toMatchObject({ status: 'in_transit', shipmentStatus: 'in_transit' });
    expectChronological(timeline.events);

    // Out of order: out for delivery at +3 min arrives before an arrival scan at +2 min.
    const outForDelivery = at(3 * MINUTE);
    const arrivedBefore = at(2 * MINUTE);
    expectAccepted((await push(outForDelivery, UPS_ACTIVITY.outForDelivery)).answer);
    expectAccepted((await push(arrivedBefore, UPS_ACTIVITY.arrived)).answer);
    await waitUntil('both out-of-order scans in the timeline', async () => ((await hasScanAt(outForDelivery)()) && (await hasScanAt(arrivedBefore)())) || undefined, 20_000);

    // Backwards: a later scan reports an earlier status (a departure after out for delivery).
    const departedAfter = at(4 * MINUTE);
    expectAccepted((await push(departedAfter, UPS_ACTIVITY.departed)).answer);
    await waitUntil('the backwards scan in the timeline', hasScanAt(departedAfter), 20_000);
    timeline = await timelineOf(orderId);
    expect(timeline).toMatchObject({ status: 'out_for_delivery', shipmentStatus: 'out_for_delivery' });
    expectChronological(timeline.events);
    expect(timeline.events).toHaveLength(steps.length + pushed.length);
    expectNoRegression(await platformStatusSequence(stack, orderId));
    const subjects = await waitUntil('the out-for-delivery email', async () => {
      const all = await mailSubjects(stack, customer.email);
      return all.some((s) => s.includes('out for delivery')) ? all : undefined;
    }, 30_000);
    expect(new Set(subjects).size).toBe(subjects.length);
    recordFinding(`replay answered ${JSON.stringify(replay.body)}; ${timeline.events.length} scans in carrier-time order; status stayed out_for_delivery after a later in-transit scan`);

    await expectInvariants(stack.target, { orderIds: [orderId], expectEvents: [...steps, ...pushed], customers: customersOf([customer]) });
  }, 150_000);

  it('refuses forged and tampered pushes with 401, and nothing changes in the read model or the histories', async () => {
    const ups = await stillOrder('forged-ups', 'ups');
    const fedex = await stillOrder('tampered-fedex', 'fedex');
    const before = { ups: await quiescentFootprint(ups.customer.orderId), fedex: await quiescentFootprint(fedex.customer.orderId) };

    const upsBody = upsTrackAlert(ups.trackingNumber, new Date(Date.parse(ups.steps.at(-1)!.occurredAt) + MINUTE), UPS_ACTIVITY.outForDelivery);
    const fedexBody = JSON.stringify(rawFound(fedex.trackingNumber, [journey.label, journey.pickup, journey.arrival, journey.outForDelivery]));
    const fedexSignature = createHmac('sha256', FEDEX_WEBHOOK_SECRET).update(fedexBody).digest('base64');
    const refused = [
      await postWebhook(stack.apiUrl, 'ups', upsBody, {}),
      await pushUps(stack.apiUrl, upsBody, 'a-guessed-credential'),
      await postWebhook(stack.apiUrl, 'fedex', fedexBody, {}),
      await postWebhook(stack.apiUrl, 'fedex', fedexBody, { 'fdx-signature': createHmac('sha256', 'not-the-secret').update(fedexBody).digest('base64') }),
      // Tampered: the carrier's valid signature over other bytes (one status code changed).
      await postWebhook(stack.apiUrl, 'fedex', fedexBody.replace('"OD"', '"DL"'), { 'fdx-signature': fedexSignature }),
      await postWebhook(stack.apiUrl, 'fedex', `${fedexBody} `, { 'fdx-signature': fedexSignature }),
    ];
    expect(fedexBody).toContain('"OD"');
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);

    await sleep(SETTLE_MS);
    expect(await orderFootprint(stack, ups.customer.orderId)).toEqual(before.ups);
    expect(await orderFootprint(stack, fedex.customer.orderId)).toEqual(before.fedex);
    await expectInvariants(stack.target, {
      orderIds: [ups.customer.orderId, fedex.customer.orderId],
      expectEvents: [...ups.steps, ...fedex.steps],
      customers: customersOf([ups.customer, fedex.customer]),
    });
  }, 150_000);
});
