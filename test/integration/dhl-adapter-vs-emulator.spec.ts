import type { INestApplication } from '@nestjs/common';
import { CarrierFailureType } from '../../activities/carriers/carrier-errors';
import { DhlAdapter } from '../../activities/carriers/dhl/dhl.adapter';
import { CarrierControls, type ScenarioName } from '../../src/sandbox';
import { newDhlTrackingNumber } from '../../src/sandbox/dhl/dhl-tracking-numbers';
import type { ParcelView } from '../../src/sandbox/sandbox.views';
import type { TrackingSnapshot } from '../../workflows/shared/tracking';
import { carrierErrorOf, ContractSandbox, expectChronological, trackOne as trackWith } from '../support/contract-sandbox';

const DHL_API_KEY = 'contract-dhl-api-key';

/**
 * The contract test: the real DhlAdapter (which production points at api-eu.dhl.com) against the
 * real DHL emulator, over HTTP, with parcels stored in FerretDB. No mocks; only the sandbox clock is
 * moved by hand so a 52-hour scenario plays instantly and deterministically, one second at least
 * between calls, as DHL's one call a second allows.
 */
describe('DhlAdapter against the sandbox DHL emulator', () => {
  const sandbox = new ContractSandbox('dhl');
  const { clock } = sandbox;
  let app: INestApplication;
  let baseUrl: string;

  const adapter = (apiKey = DHL_API_KEY) => new DhlAdapter({ baseUrl, apiKey, timeoutMs: 5_000 });
  let dhl: DhlAdapter;

  const createParcel = async (scenario: ScenarioName) => {
    const parcel = await sandbox.createParcel(scenario);
    expect(parcel.trackingNumber).toMatch(/^\d{10}$/);
    return parcel;
  };
  const playTo = (parcel: { createdAtMs: number }, hours: number) => sandbox.playTo(parcel, hours);
  const timelineOf = (trackingNumber: string) => sandbox.timelineOf(trackingNumber);
  const trackOne = (trackingNumber: string, client: DhlAdapter = dhl) => {
    // DHL allows one call a second: the clock moves a second before every call.
    clock.advance(1_000);
    return trackWith(client, trackingNumber);
  };
  const snapshotOf = async (trackingNumber: string): Promise<TrackingSnapshot> => {
    const result = await trackOne(trackingNumber);
    if (!result.found) throw new Error(`${trackingNumber} not found`);
    return result.snapshot;
  };

  beforeAll(async () => {
    await sandbox.start('waybill_dhl_contract_test', {
      // DHL's real limits (1 a second, 250 a day): the clock moves a second before every call.
      dhl: { apiKey: DHL_API_KEY },
    });
    ({ app, baseUrl } = sandbox);
    dhl = adapter();
  }, 60_000);

  afterAll(() => sandbox.stop(), 60_000);

  afterEach(() => app.get(CarrierControls).reset('dhl'));

  describe('the delivered scenario, played step by step', () => {
    let parcel: ParcelView & { createdAtMs: number };
    const polls: TrackingSnapshot[] = [];

    beforeAll(async () => {
      parcel = await createParcel('delivered');
    });

    it('finds a fresh parcel as info_received with its one label event', async () => {
      const snapshot = await snapshotOf(parcel.trackingNumber);
      polls.push(snapshot);
      expect(snapshot).toMatchObject({ carrier: 'dhl', trackingNumber: parcel.trackingNumber, status: 'info_received', attempts: 0 });
      expect(snapshot.events).toHaveLength(1);
      expect(snapshot.events[0]).toMatchObject({
        status: 'info_received',
        description: 'Shipment information received',
        location: { city: 'COMMERCE, CA - USA' },
        carrierCodes: {},
      });
      expect(snapshot.events[0].occurredAt).toMatch(/-08:00$/);
      expect(Date.parse(snapshot.events[0].occurredAt)).toBe(parcel.createdAtMs);
      expect(snapshot.estimatedDelivery?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(snapshot.proofOfDelivery).toBeUndefined();
    });

    it('gives the same fingerprints for the same scans on a second poll', async () => {
      const again = await snapshotOf(parcel.trackingNumber);
      expect(again).toEqual(polls[0]);
    });

    it('is in_transit once picked up and moving, with events in time order', async () => {
      playTo(parcel, 10);
      const snapshot = await snapshotOf(parcel.trackingNumber);
      polls.push(snapshot);
      expect(snapshot.status).toBe('in_transit');
      expect(snapshot.events.map((e) => e.status)).toEqual(['info_received', 'in_transit', 'in_transit', 'in_transit']);
      expect(snapshot.events.at(-1)?.location).toEqual({ city: 'ONTARIO, CA - USA' });
      expectChronological(snapshot);
    });

    it('is out_for_delivery on the delivery morning, with a delivery window', async () => {
      playTo(parcel, 48);
      const snapshot = await snapshotOf(parcel.trackingNumber);
      polls.push(snapshot);
      expect(snapshot.status).toBe('out_for_delivery');
      expect(snapshot.events.at(-1)).toMatchObject({ status: 'out_for_delivery', description: 'Shipment is out with courier for delivery' });
      expect(snapshot.estimatedDelivery).toMatchObject({
        date: expect.any(String),
        from: expect.stringMatching(/-07:00$/),
        to: expect.stringMatching(/-07:00$/),
      });
      expect(Date.parse(snapshot.estimatedDelivery?.to ?? '')).toBeGreaterThan(Date.parse(snapshot.estimatedDelivery?.from ?? ''));
      expectChronological(snapshot);
    });

    it('is delivered, with an unsigned proof of delivery and no estimate', async () => {
      playTo(parcel, 53);
      const snapshot = await snapshotOf(parcel.trackingNumber);
      polls.push(snapshot);
      expect(snapshot.status).toBe('delivered');
      expect(snapshot.events.at(-1)).toMatchObject({ status: 'delivered', description: 'Delivered' });
      expect(snapshot.proofOfDelivery).toEqual({ hasSignature: false, hasProofOfDelivery: true });
      expect(snapshot.estimatedDelivery).toBeUndefined();
      expectChronological(snapshot);
    });

    it('reports exactly the scans the control API says have happened', async () => {
      const timeline = await timelineOf(parcel.trackingNumber);
      const snapshot = polls[polls.length - 1];
      expect(snapshot.events.map((e) => Date.parse(e.occurredAt))).toEqual(timeline.timeline.map((s) => Date.parse(s.occurredAt)));
      expect(timeline.nextStepAt).toBeNull();
    });

    it('keeps every earlier fingerprint unchanged as the parcel progresses', () => {
      for (let i = 1; i < polls.length; i++) {
        const earlier = polls[i - 1].events.map((e) => e.fingerprint);
        expect(polls[i].events.slice(0, earlier.length).map((e) => e.fingerprint)).toEqual(earlier);
        expect(new Set(polls[i].events.map((e) => e.fingerprint)).size).toBe(polls[i].events.length);
      }
      expect(polls.map((p) => p.status)).toEqual(['info_received', 'in_transit', 'out_for_delivery', 'delivered']);
    });
  });

  it('available_for_pickup: waits at the service point, then is collected', async () => {
    const parcel = await createParcel('available_for_pickup');
    playTo(parcel, 60);
    const waiting = await snapshotOf(parcel.trackingNumber);
    expect(waiting.status).toBe('available_for_pickup');
    expect(waiting.events.at(-1)).toMatchObject({
      status: 'available_for_pickup',
      description: 'Shipment is awaiting collection at DHL Service Point',
    });

    playTo(parcel, 75);
    const collected = await snapshotOf(parcel.trackingNumber);
    expect(collected.status).toBe('delivered');
    expect(collected.proofOfDelivery).toEqual({
      signedBy: 'RILEY',
      place: 'DHL Service Point DENVER',
      hasSignature: true,
      hasProofOfDelivery: true,
    });
    expect(collected.events.map((e) => e.status)).toContain('available_for_pickup');
    expectChronological(collected);
  });

  it('failed_attempt_then_delivered: shows attempt_failed, then a new estimate without a scan, then delivered', async () => {
    const parcel = await createParcel('failed_attempt_then_delivered');
    playTo(parcel, 51.05);
    const attempted = await snapshotOf(parcel.trackingNumber);
    expect(attempted).toMatchObject({ status: 'attempt_failed', attempts: 1 });

    playTo(parcel, 52);
    const rescheduled = await snapshotOf(parcel.trackingNumber);
    expect(rescheduled.events).toHaveLength(attempted.events.length);
    expect(Date.parse(rescheduled.estimatedDelivery?.to ?? '')).toBeGreaterThan(Date.parse(attempted.estimatedDelivery?.to ?? ''));

    playTo(parcel, 75);
    const delivered = await snapshotOf(parcel.trackingNumber);
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 1 });
    const statuses = delivered.events.map((e) => e.status);
    expect(statuses.indexOf('attempt_failed')).toBeLessThan(statuses.lastIndexOf('delivered'));
  });

  it('delivered_with_signature: yields who signed', async () => {
    const parcel = await createParcel('delivered_with_signature');
    playTo(parcel, 50);
    const snapshot = await snapshotOf(parcel.trackingNumber);
    expect(snapshot.status).toBe('delivered');
    expect(snapshot.proofOfDelivery).toEqual({ signedBy: 'MORGAN', hasSignature: true, hasProofOfDelivery: true });
    expect(snapshot.events.at(-1)?.description).toBe('Delivered - Signed for by: MORGAN');
  });

  it('three_failed_attempts_then_returned: three attempts, the way back as returning, then returned', async () => {
    const parcel = await createParcel('three_failed_attempts_then_returned');
    playTo(parcel, 113);
    const underway = await snapshotOf(parcel.trackingNumber);
    expect(underway).toMatchObject({ status: 'returning', attempts: 3 });
    expect(underway.events.slice(-2).map((e) => e.status)).toEqual(['returning', 'returning']);

    playTo(parcel, 151);
    const back = await snapshotOf(parcel.trackingNumber);
    expect(back).toMatchObject({ status: 'returned', attempts: 3 });
    expect(back.proofOfDelivery).toBeUndefined();
    expectChronological(back);
  });

  it('exception_damaged and stalled_then_lost stop where DHL stops', async () => {
    const damaged = await createParcel('exception_damaged');
    const stalled = await createParcel('stalled_then_lost');
    playTo(damaged, 30);
    expect((await snapshotOf(damaged.trackingNumber)).status).toBe('exception');
    expect((await snapshotOf(stalled.trackingNumber)).status).toBe('in_transit');
  });

  it('not_found: a sandbox parcel DHL has never heard of', async () => {
    const parcel = await createParcel('not_found');
    expect(await trackOne(parcel.trackingNumber)).toEqual({ found: false });
  });

  it('an unknown but valid waybill is not found', async () => {
    expect(await trackOne(newDhlTrackingNumber())).toEqual({ found: false });
  });

  it('a wrong key: CarrierError AUTH_FAILED, not retryable, key not in the message', async () => {
    const err = await carrierErrorOf(trackOne(newDhlTrackingNumber(), adapter('wrong-key')));
    expect(err).toMatchObject({ type: CarrierFailureType.AUTH_FAILED, retryable: false, details: { httpStatus: 401 } });
    expect(err.message).not.toContain('wrong-key');
  });

  it("DHL's one call a second: the second call in the same second is RATE_LIMITED without Retry-After", async () => {
    const parcel = await createParcel('delivered');
    await trackOne(parcel.trackingNumber);
    const err = await carrierErrorOf(dhl.track([parcel.trackingNumber]));
    expect(err).toMatchObject({ type: CarrierFailureType.RATE_LIMITED, retryable: true, details: { httpStatus: 429 } });
    expect(err.details.retryAfterMs).toBeUndefined();
    expect((await trackOne(parcel.trackingNumber)).found).toBe(true);
  });

  it('the daily quota: RATE_LIMITED until 00:00 GMT', async () => {
    const parcel = await createParcel('delivered');
    app.get(CarrierControls).configure('dhl', { quota: { calls: 1, windowMs: 24 * 60 * 60_000 } });
    await trackOne(parcel.trackingNumber);
    expect((await carrierErrorOf(trackOne(parcel.trackingNumber))).type).toBe(CarrierFailureType.RATE_LIMITED);
    const midnight = new Date(clock.now());
    midnight.setUTCHours(24, 0, 0, 0);
    clock.set(midnight);
    expect((await trackOne(parcel.trackingNumber)).found).toBe(true);
  });

  it('a forced 429 with Retry-After: RATE_LIMITED with the delay', async () => {
    app.get(CarrierControls).queueFault('dhl', { fault: { kind: 'status', status: 429, retryAfterSeconds: 30 }, count: 1 });
    const err = await carrierErrorOf(trackOne(newDhlTrackingNumber()));
    expect(err.details).toEqual({ httpStatus: 429, retryAfterMs: 30_000 });
  });

  it('a forced 503: CarrierError UNAVAILABLE (retryable), then the next call works', async () => {
    const parcel = await createParcel('delivered');
    app.get(CarrierControls).queueFault('dhl', { fault: { kind: 'status', status: 503 }, count: 1 });
    const err = await carrierErrorOf(trackOne(parcel.trackingNumber));
    expect(err).toMatchObject({ type: CarrierFailureType.UNAVAILABLE, retryable: true, details: { httpStatus: 503 } });
    expect((await trackOne(parcel.trackingNumber)).found).toBe(true);
  });

  it('a forced malformed answer: CarrierError BAD_RESPONSE', async () => {
    const parcel = await createParcel('delivered');
    app.get(CarrierControls).queueFault('dhl', { fault: { kind: 'malformed' }, count: 1 });
    expect((await carrierErrorOf(trackOne(parcel.trackingNumber))).type).toBe(CarrierFailureType.BAD_RESPONSE);
  });

  it('available_for_pickup: the adapter reads the service point as the pickup point (DHL has no hold-until field)', async () => {
    const parcel = await createParcel('available_for_pickup');
    playTo(parcel, 60);
    const waiting = await snapshotOf(parcel.trackingNumber);
    expect(waiting.pickup).toEqual({ locationName: 'DHL Service Point DENVER', location: { city: 'DENVER, CO - USA' } });
    expect(waiting.pickup?.holdUntil).toBeUndefined();
  });

  it('delivered_to_access_point: "Delivered - Left in DHL Locker" atAccessPoint, then collected', async () => {
    const parcel = await createParcel('delivered_to_access_point');
    playTo(parcel, 51);
    const left = await snapshotOf(parcel.trackingNumber);
    expect(left.status).toBe('delivered');
    expect(left.events.at(-1)).toMatchObject({ status: 'delivered', atAccessPoint: true });
    playTo(parcel, 75);
    const collected = await snapshotOf(parcel.trackingNumber);
    expect(collected.events.map((e) => e.atAccessPoint ?? false).slice(-2)).toEqual([true, false]);
  });

});
