import { waitUntil } from '../support/http-client';
import { recordFinding } from './support/fault-record';
import { startFaultStack, type FaultStack } from './support/fault-stack';
import {
  expectChronological,
  expectMilestonesOnce,
  expectNoRegression,
  mailSubjects,
  platformStatusSequence,
  scaledPollEnv,
  type TimelineEvent,
} from './support/input-fault-helpers';
import { expectInvariants, sandboxParcelEvents, type DeliveredEvent } from './support/invariants';
import { customersOf, orderDetail, placeOrder, scenarioCustomer, shipParcel, waitForOrderClosed, type ScenarioCustomer } from './support/process-fault-orders';
import { pushUps, toTheSecond, UPS_ACTIVITY, upsTrackAlert } from './support/ups-track-alerts';

/**
 * The parcels play at 1000× (out for delivery 1.2 s after they are made, delivered 4 simulated
 * hours later, at 16 s); Waybill's poll clocks run at 4000×, so a retry after a fault comes within
 * seconds.
 */
const PARCEL_SPEED = 1000;
const CLOCK_SPEED = 4000;
/** Short enough that the sandbox's `slow` fault is a real client timeout. */
const CARRIER_TIMEOUT_MS = 1500;
const HOUR = 3_600_000;

type Fault = { kind: 'status'; status: number; retryAfterSeconds?: number } | { kind: 'malformed' } | { kind: 'slow'; delayMs: number };

const CARRIER_FAULTS: Array<[carrier: string, what: string, faults: Array<[Fault, number]>]> = [
  ['ups', '429s without Retry-After (as UPS answers them)', [[{ kind: 'status', status: 429 }, 3]]],
  ['fedex', '429s with Retry-After', [[{ kind: 'status', status: 429, retryAfterSeconds: 2 }, 2]]],
  ['dhl', '5xx answers', [[{ kind: 'status', status: 503 }, 2], [{ kind: 'status', status: 500 }, 1], [{ kind: 'status', status: 502 }, 1]]],
  ['usps', 'timeouts, then bodies cut off mid-JSON', [[{ kind: 'slow', delayMs: 3 * CARRIER_TIMEOUT_MS }, 2], [{ kind: 'malformed' }, 2]]],
];

interface Played {
  customer: ScenarioCustomer;
  trackingNumber: string;
  /** Scans the test pushed itself, signed as UPS signs them. */
  pushed: DeliveredEvent[];
}

/**
 * Fault scenarios: what a carrier reports goes wrong (docs/reliability.md, "Carrier faults",
 * "Statuses that go backwards" and "Clock skew"). Every scenario's parcel plays at once, on one
 * stack: faults are queued per carrier, and the UPS parcels of the later scenarios start only once
 * the UPS faults have been served, so no scenario takes another's faults. Each parcel still ends
 * delivered and released, the order's status never goes back, each milestone is emailed once, and
 * the invariants hold.
 */
describe('fault: carrier faults, statuses that go backwards, and clock skew', () => {
  const runId = Date.now().toString(36);
  let stack: FaultStack;
  const faultsBefore = new Map<string, number>();
  const started = new Map<string, Promise<Played>>();

  const faultsServed = async (carrier: string): Promise<number> => (await stack.api.get(`/sandbox/carriers/${carrier}`)).body.stats.faults;
  const shipmentStatus = async (orderId: string): Promise<string | undefined> => (await orderDetail(stack, orderId)).shipments[0]?.status;

  const play = async (label: string, carrier: string): Promise<Played> => {
    const customer = scenarioCustomer(runId, label);
    await placeOrder(stack, customer, { amount: 4200, currency: 'USD' });
    const trackingNumber = await shipParcel(stack, customer.orderId, { carrier, scenario: 'out_for_delivery_then_delivered', speed: PARCEL_SPEED, push: false });
    return { customer, trackingNumber, pushed: [] };
  };

  const upsFaultsServed = async () => {
    const queued = CARRIER_FAULTS.find(([carrier]) => carrier === 'ups')![2].reduce((sum, [, count]) => sum + count, 0);
    await waitUntil('the UPS faults to be served', async () => ((await faultsServed('ups')) - faultsBefore.get('ups')! >= queued ? true : undefined), 90_000);
  };

  /** A departure scan pushed after the parcel is out for delivery: a later scan, an earlier status. */
  const playBackwards = async (): Promise<Played> => {
    await upsFaultsServed();
    const played = await play('backwards', 'ups');
    await waitUntil('out for delivery', async () => ((await shipmentStatus(played.customer.orderId)) === 'out_for_delivery' ? true : undefined), 30_000, 200);
    const when = new Date();
    const answer = await pushUps(stack.apiUrl, upsTrackAlert(played.trackingNumber, when, UPS_ACTIVITY.departed));
    if (answer.status !== 200) throw new Error(`The backwards push was refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    return { ...played, pushed: [{ trackingNumber: played.trackingNumber, occurredAt: toTheSecond(when) }] };
  };

  /** The carrier's clock six hours fast and thirty hours slow, on scans pushed before the parcel moves on. */
  const playClockSkew = async (): Promise<Played & { ahead: Date; behind: Date }> => {
    await upsFaultsServed();
    const played = await play('clock-skew', 'ups');
    const ahead = new Date(Date.now() + 6 * HOUR);
    const behind = new Date(Date.now() - 30 * HOUR);
    for (const [when, activity] of [[ahead, UPS_ACTIVITY.arrived], [behind, UPS_ACTIVITY.departed]] as const) {
      const answer = await pushUps(stack.apiUrl, upsTrackAlert(played.trackingNumber, when, activity));
      if (answer.status !== 200) throw new Error(`A skewed push was refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    const pushed = [ahead, behind].map((when) => ({ trackingNumber: played.trackingNumber, occurredAt: toTheSecond(when) }));
    return { ...played, pushed, ahead, behind };
  };

  beforeAll(async () => {
    stack = await startFaultStack('carrier', {
      ...scaledPollEnv(CLOCK_SPEED),
      CARRIER_HTTP_TIMEOUT_MS: String(CARRIER_TIMEOUT_MS),
      // Short, so the one release is seen within the test.
      ESCROW_DISPUTE_WINDOW_MS: '3000',
    });
    for (const [carrier, , faults] of CARRIER_FAULTS) {
      faultsBefore.set(carrier, await faultsServed(carrier));
      for (const [fault, count] of faults) {
        const queued = await stack.api.post(`/sandbox/carriers/${carrier}/faults`, { fault, count, endpoint: 'track' });
        if (queued.status >= 300) throw new Error(`Could not queue ${JSON.stringify(fault)} on ${carrier}: ${queued.status} ${JSON.stringify(queued.body)}`);
      }
      started.set(carrier, play(`carrier-${carrier}`, carrier));
    }
    started.set('backwards', playBackwards());
    started.set('clock-skew', playClockSkew());
    // Surface a set-up failure here rather than as a timeout in each test.
    await Promise.all([...started.values()].map((p) => p.catch((err: unknown) => err)));
    for (const p of started.values()) await p;
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  }, 90_000);

  /** Delivered, released once, every scan in carrier-time order, no regression, each email once, the invariants. */
  const expectEndsDelivered = async ({ customer, trackingNumber, pushed }: Played): Promise<TimelineEvent[]> => {
    await waitForOrderClosed(stack, customer.orderId, 150_000);
    const order = await orderDetail(stack, customer.orderId);
    expect(order).toMatchObject({ status: 'delivered', escrow: { state: 'released' }, shipments: [{ status: 'delivered' }] });
    expectChronological(order.shipments[0].events);
    expectNoRegression(await platformStatusSequence(stack, customer.orderId));
    expectMilestonesOnce(await mailSubjects(stack, customer.email), customer.orderId);
    await expectInvariants(stack.target, {
      orderIds: [customer.orderId],
      expectEvents: [...(await sandboxParcelEvents(stack.apiUrl, trackingNumber)), ...pushed],
      customers: customersOf([customer]),
    });
    return order.shipments[0].events;
  };

  it.each(CARRIER_FAULTS)('%s: %s', async (carrier, what, faults) => {
    const played = await started.get(carrier)!;
    await expectEndsDelivered(played);
    const served = (await faultsServed(carrier)) - faultsBefore.get(carrier)!;
    expect(served).toBe(faults.reduce((sum, [, count]) => sum + count, 0));
    recordFinding(`${carrier}, ${what}: the ${served} faults queued were served; delivered, released once, every invariant held`);
  }, 180_000);

  it('keeps the status when a later scan reports an earlier one, and the parcel still ends delivered', async () => {
    const played = await started.get('backwards')!;
    const events = await expectEndsDelivered(played);
    const departure = events.find((e) => Date.parse(e.occurredAt) === Date.parse(played.pushed[0].occurredAt));
    expect(departure?.status).toBe('in_transit');
    expect(events.at(-1)?.status).toBe('delivered');
  }, 180_000);

  it('keeps status and timeline right when carrier timestamps are hours ahead of or behind the server', async () => {
    const played = (await started.get('clock-skew')!) as Awaited<ReturnType<typeof playClockSkew>>;
    const events = await expectEndsDelivered(played);
    // The timeline is in carrier time, so the scan from the future is listed last, after the
    // delivery; the status follows the ladder, not the newest timestamp, so it is delivered.
    expect(Date.parse(events[0].occurredAt)).toBe(Date.parse(toTheSecond(played.behind)));
    expect(events.at(-1)?.status).toBe('in_transit');
    expect(Date.parse(events.at(-1)!.occurredAt)).toBe(Date.parse(toTheSecond(played.ahead)));
    recordFinding('scans stamped 6 h ahead of and 30 h behind the server: listed last and first, in carrier time; the order ended delivered and released');
  }, 180_000);
});
