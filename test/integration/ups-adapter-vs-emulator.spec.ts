import type { INestApplication } from '@nestjs/common';
import { CarrierFailureType } from '../../activities/carriers/carrier-errors';
import { UpsAdapter } from '../../activities/carriers/ups/ups.adapter';
import { CarrierControls, type ScenarioName } from '../../src/sandbox';
import type { ParcelView } from '../../src/sandbox/sandbox.views';
import { newUpsTrackingNumber } from '../../src/sandbox/ups/ups-tracking-numbers';
import type { TrackingSnapshot } from '../../workflows/shared/tracking';
import { carrierErrorOf, ContractSandbox, expectChronological, pickupDeadline, trackOne as trackWith } from '../support/contract-sandbox';

const UPS_CLIENT = { clientId: 'contract-ups-client', clientSecret: 'contract-ups-secret' };

/**
 * The contract test: the real UpsAdapter (which production points at onlinetools.ups.com) against the
 * real UPS emulator, over HTTP, with parcels stored in FerretDB. No mocks; only the sandbox clock is
 * moved by hand so a 52-hour scenario plays instantly and deterministically.
 */
describe('UpsAdapter against the sandbox UPS emulator', () => {
  const sandbox = new ContractSandbox('ups');
  let app: INestApplication;
  let baseUrl: string;

  const adapter = (credentials: { clientId: string; clientSecret: string } = UPS_CLIENT) =>
    new UpsAdapter({
      baseUrl,
      ...credentials,
      transactionSrc: 'waybill-contract-test',
      timeoutMs: 5_000,
      tokenMinFetchIntervalMs: 0,
    });
  let ups: UpsAdapter;

  const createParcel = async (scenario: ScenarioName) => {
    const parcel = await sandbox.createParcel(scenario);
    return parcel;
  };
  const playTo = (parcel: { createdAtMs: number }, hours: number) => sandbox.playTo(parcel, hours);
  const timelineOf = (trackingNumber: string) => sandbox.timelineOf(trackingNumber);
  const trackOne = (trackingNumber: string, client: UpsAdapter = ups) => {
    return trackWith(client, trackingNumber);
  };
  const snapshotOf = async (trackingNumber: string): Promise<TrackingSnapshot> => {
    const result = await trackOne(trackingNumber);
    if (!result.found) throw new Error(`${trackingNumber} not found`);
    return result.snapshot;
  };

  beforeAll(async () => {
    await sandbox.start('waybill_ups_contract_test', {
      // Generous rate limit: the sandbox clock barely moves, and 429s are tested with queued faults.
      ups: UPS_CLIENT,
      limits: { ups: { rateLimit: { calls: 1000, windowMs: 1_000 } } },
    });
    ({ app, baseUrl } = sandbox);
    ups = adapter();
  }, 60_000);

  afterAll(() => sandbox.stop(), 60_000);

  afterEach(() => app.get(CarrierControls).reset('ups'));

  describe('the delivered scenario, played step by step', () => {
    let parcel: ParcelView & { createdAtMs: number };
    const polls: TrackingSnapshot[] = [];

    beforeAll(async () => {
      parcel = await createParcel('delivered');
    });

    it('finds a fresh parcel as info_received with its one label event', async () => {
      const snapshot = await snapshotOf(parcel.trackingNumber);
      polls.push(snapshot);
      expect(snapshot).toMatchObject({ carrier: 'ups', trackingNumber: parcel.trackingNumber, status: 'info_received', attempts: 0 });
      expect(snapshot.events).toHaveLength(1);
      expect(snapshot.events[0]).toMatchObject({
        status: 'info_received',
        carrierCodes: { type: 'M', code: 'MP', statusCode: '003' },
        location: { countryCode: 'US' },
      });
      expect(Date.parse(snapshot.events[0].occurredAt)).toBe(parcel.createdAtMs);
      expect(snapshot.estimatedDelivery?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(snapshot.proofOfDelivery).toBeUndefined();
    });

    it('gives the same fingerprints for the same scans on a second poll', async () => {
      const again = await snapshotOf(parcel.trackingNumber);
      expect(again.events.map((e) => e.fingerprint)).toEqual(polls[0].events.map((e) => e.fingerprint));
      expect(again).toEqual(polls[0]);
    });

    it('is in_transit once picked up and moving, with events in time order', async () => {
      playTo(parcel, 10);
      const snapshot = await snapshotOf(parcel.trackingNumber);
      polls.push(snapshot);
      expect(snapshot.status).toBe('in_transit');
      expect(snapshot.events.map((e) => e.status)).toEqual(['info_received', 'in_transit', 'in_transit', 'in_transit']);
      expect(snapshot.events.at(-1)?.location).toMatchObject({ city: 'Ontario', region: 'CA', countryCode: 'US' });
      expectChronological(snapshot);
    });

    it('is out_for_delivery on the delivery morning, with a delivery window', async () => {
      playTo(parcel, 48);
      const snapshot = await snapshotOf(parcel.trackingNumber);
      polls.push(snapshot);
      expect(snapshot.status).toBe('out_for_delivery');
      expect(snapshot.events.at(-1)).toMatchObject({ status: 'out_for_delivery', carrierCodes: { code: 'OT', statusCode: '021' } });
      expect(snapshot.estimatedDelivery).toMatchObject({ date: expect.any(String), from: expect.any(String), to: expect.any(String) });
      expect(Date.parse(snapshot.estimatedDelivery?.to ?? '')).toBeGreaterThan(Date.parse(snapshot.estimatedDelivery?.from ?? ''));
      expectChronological(snapshot);
    });

    it('is delivered, with a Front Door proof of delivery and events in time order', async () => {
      playTo(parcel, 53);
      const snapshot = await snapshotOf(parcel.trackingNumber);
      polls.push(snapshot);
      expect(snapshot.status).toBe('delivered');
      expect(snapshot.events.at(-1)).toMatchObject({ status: 'delivered', carrierCodes: { type: 'D', code: 'F4', statusCode: '011' } });
      expect(snapshot.proofOfDelivery).toMatchObject({ place: 'Front Door', hasSignature: false });
      expect(snapshot.attempts).toBe(0);
      expectChronological(snapshot);
    });

    it('reports exactly the scans the control API says have happened', async () => {
      const timeline = await timelineOf(parcel.trackingNumber);
      const snapshot = polls[polls.length - 1];
      expect(snapshot.events).toHaveLength(timeline.timeline.length);
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

  it('available_for_pickup: waits at the access point (UPS 040), then is collected', async () => {
    const parcel = await createParcel('available_for_pickup');
    playTo(parcel, 60);
    const waiting = await snapshotOf(parcel.trackingNumber);
    expect(waiting.status).toBe('available_for_pickup');
    expect(waiting.events.at(-1)).toMatchObject({
      status: 'available_for_pickup',
      carrierCodes: { type: 'D', code: 'ZP', statusCode: '040' },
    });
    expectChronological(waiting);

    // The scenario's last step is the customer collecting it, which UPS reports as a delivery.
    playTo(parcel, 75);
    const collected = await snapshotOf(parcel.trackingNumber);
    expect(collected.status).toBe('delivered');
    expect(collected.proofOfDelivery).toMatchObject({ receivedBy: 'RILEY', place: 'UPS Access Point™' });
    expect(collected.events.map((e) => e.status)).toContain('available_for_pickup');
  });

  it('failed_attempt_then_delivered: shows attempt_failed with an attempt before delivered', async () => {
    const parcel = await createParcel('failed_attempt_then_delivered');
    playTo(parcel, 52);
    const attempted = await snapshotOf(parcel.trackingNumber);
    expect(attempted.status).toBe('attempt_failed');
    expect(attempted.attempts).toBeGreaterThanOrEqual(1);
    expect(attempted.events.some((e) => e.status === 'attempt_failed' && e.carrierCodes.statusCode === '022')).toBe(true);
    // Rescheduled: the estimate moved to the next day.
    expect(attempted.estimatedDelivery?.date).toBeDefined();

    playTo(parcel, 75);
    const delivered = await snapshotOf(parcel.trackingNumber);
    expect(delivered.status).toBe('delivered');
    expect(delivered.attempts).toBe(1);
    const statuses = delivered.events.map((e) => e.status);
    expect(statuses.indexOf('attempt_failed')).toBeGreaterThan(-1);
    expect(statuses.indexOf('attempt_failed')).toBeLessThan(statuses.lastIndexOf('delivered'));
    expect(statuses.at(-1)).toBe('delivered');
    expectChronological(delivered);
  });

  it('three_failed_attempts_then_returned: three attempts, returning on the way back, returned at the sender', async () => {
    const parcel = await createParcel('three_failed_attempts_then_returned');
    playTo(parcel, 113);
    const returning = await snapshotOf(parcel.trackingNumber);
    expect(returning).toMatchObject({ status: 'returning', attempts: 3 });
    playTo(parcel, 151);
    const returned = await snapshotOf(parcel.trackingNumber);
    expect(returned.status).toBe('returned');
    expect(returned.events.at(-1)).toMatchObject({ status: 'returned', carrierCodes: { code: 'B0' } });
    expect(returned.events.some((e) => e.status === 'delivered')).toBe(false);
    expectChronological(returned);
  });

  it('delivered_with_signature: yields who received it', async () => {
    const parcel = await createParcel('delivered_with_signature');
    playTo(parcel, 50);
    const snapshot = await snapshotOf(parcel.trackingNumber);
    expect(snapshot.status).toBe('delivered');
    expect(snapshot.proofOfDelivery).toMatchObject({ receivedBy: 'MORGAN', place: 'Front Door' });
    const pod = snapshot.proofOfDelivery;
    expect(pod?.signedBy ?? pod?.receivedBy).toBe('MORGAN');
    // The adapter asks with returnSignature=false, so no image travels.
    expect(pod?.hasSignature).toBe(false);
  });

  it('not_found: a sandbox parcel the carrier has never heard of', async () => {
    const parcel = await createParcel('not_found');
    expect(await trackOne(parcel.trackingNumber)).toEqual({ found: false });
  });

  it('an unknown but valid 1Z number is not found', async () => {
    const unknown = newUpsTrackingNumber({ shipper: 'ZZ9Q01' });
    expect(await trackOne(unknown)).toEqual({ found: false });
  });

  it('bad credentials: CarrierError AUTH_FAILED, not retryable', async () => {
    const err = await carrierErrorOf(trackOne(newUpsTrackingNumber(), adapter({ clientId: UPS_CLIENT.clientId, clientSecret: 'wrong-secret' })));
    expect(err.type).toBe(CarrierFailureType.AUTH_FAILED);
    expect(err.retryable).toBe(false);
    expect(err.details.httpStatus).toBe(401);
    expect(err.message).not.toContain('wrong-secret');
  });

  it('a forced 429 on track: CarrierError RATE_LIMITED (retryable), and the next call works', async () => {
    const parcel = await createParcel('delivered');
    await snapshotOf(parcel.trackingNumber); // the adapter holds a token, so only track is hit
    app.get(CarrierControls).queueFault('ups', { fault: { kind: 'status', status: 429 }, count: 1, endpoint: 'track' });
    const err = await carrierErrorOf(trackOne(parcel.trackingNumber));
    expect(err.type).toBe(CarrierFailureType.RATE_LIMITED);
    expect(err.retryable).toBe(true);
    expect(err.details).toMatchObject({ httpStatus: 429, carrierCode: '10429' });
    expect((await snapshotOf(parcel.trackingNumber)).status).toBe('info_received');
  });

  it('a forced 503 on track: CarrierError UNAVAILABLE (retryable)', async () => {
    const parcel = await createParcel('delivered');
    app.get(CarrierControls).queueFault('ups', { fault: { kind: 'status', status: 503 }, count: 2, endpoint: 'track' });
    const first = await carrierErrorOf(trackOne(parcel.trackingNumber));
    const second = await carrierErrorOf(trackOne(parcel.trackingNumber));
    for (const err of [first, second]) {
      expect(err.type).toBe(CarrierFailureType.UNAVAILABLE);
      expect(err.retryable).toBe(true);
      expect(err.details.httpStatus).toBe(503);
    }
    expect((await trackOne(parcel.trackingNumber)).found).toBe(true);
  });

  it('a forced 503 on the token endpoint: CarrierError UNAVAILABLE from a client without a token', async () => {
    app.get(CarrierControls).queueFault('ups', { fault: { kind: 'status', status: 503 }, count: 1, endpoint: 'token' });
    const err = await carrierErrorOf(trackOne(newUpsTrackingNumber(), adapter()));
    expect(err.type).toBe(CarrierFailureType.UNAVAILABLE);
    expect(err.details.httpStatus).toBe(503);
  });

  it('available_for_pickup: the adapter reads pickup.holdUntil (accessPointInformation.pickupByDate) and the place', async () => {
    const parcel = await createParcel('available_for_pickup');
    playTo(parcel, 60);
    const waiting = await snapshotOf(parcel.trackingNumber);
    expect(waiting.pickup).toEqual({
      holdUntil: pickupDeadline(parcel),
      location: { city: 'Denver', region: 'CO', postalCode: '80206', countryCode: 'US' },
    });
    playTo(parcel, 75);
    expect((await snapshotOf(parcel.trackingNumber)).pickup).toBeUndefined();
  });

  it('delivered_to_access_point: delivered (143 "Delivered to Agent") atAccessPoint, then collected', async () => {
    const parcel = await createParcel('delivered_to_access_point');
    playTo(parcel, 51);
    const left = await snapshotOf(parcel.trackingNumber);
    expect(left.status).toBe('delivered');
    expect(left.events.at(-1)).toMatchObject({ status: 'delivered', atAccessPoint: true, carrierCodes: { type: 'D', statusCode: '143' } });
    expect(left.pickup).toBeUndefined();
    playTo(parcel, 75);
    const collected = await snapshotOf(parcel.trackingNumber);
    expect(collected.events.map((e) => e.atAccessPoint ?? false).slice(-2)).toEqual([true, false]);
    expect(collected.events.slice(0, left.events.length).map((e) => e.fingerprint)).toEqual(left.events.map((e) => e.fingerprint));
  });

});
