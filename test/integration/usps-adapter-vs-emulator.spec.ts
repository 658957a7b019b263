import type { INestApplication } from '@nestjs/common';
import { CarrierFailureType } from '../../activities/carriers/carrier-errors';
import { UspsAdapter } from '../../activities/carriers/usps/usps.adapter';
import { CarrierControls, type ScenarioName } from '../../src/sandbox';
import type { ParcelView } from '../../src/sandbox/sandbox.views';
import { newUspsTrackingNumber } from '../../src/sandbox/usps/usps-tracking-numbers';
import type { TrackingSnapshot } from '../../workflows/shared/tracking';
import { carrierErrorOf, ContractSandbox, expectChronological, pickupDeadline, trackOne as trackWith } from '../support/contract-sandbox';

const USPS_CLIENT = { clientId: 'contract-usps-client', clientSecret: 'contract-usps-secret' };
const HOUR_MS = 3_600_000;

/**
 * The contract test: the real UspsAdapter (which production points at apis.usps.com) against the
 * real USPS emulator, over HTTP, with parcels stored in FerretDB. No mocks; only the sandbox clock is
 * moved by hand so a 52-hour scenario plays instantly and deterministically.
 */
describe('UspsAdapter against the sandbox USPS emulator', () => {
  const sandbox = new ContractSandbox('usps');
  const { clock } = sandbox;
  let app: INestApplication;
  let baseUrl: string;

  const adapter = (credentials: { clientId: string; clientSecret: string } = USPS_CLIENT) =>
    new UspsAdapter({ baseUrl, ...credentials, timeoutMs: 5_000, tokenMinFetchIntervalMs: 0, now: () => clock.now().getTime() });
  let usps: UspsAdapter;

  const createParcel = async (scenario: ScenarioName) => {
    const parcel = await sandbox.createParcel(scenario);
    return parcel;
  };
  const playTo = (parcel: { createdAtMs: number }, hours: number) => sandbox.playTo(parcel, hours);
  const timelineOf = (trackingNumber: string) => sandbox.timelineOf(trackingNumber);
  const trackOne = (trackingNumber: string, client: UspsAdapter = usps) => {
    return trackWith(client, trackingNumber);
  };
  const snapshotOf = async (trackingNumber: string): Promise<TrackingSnapshot> => {
    const result = await trackOne(trackingNumber);
    if (!result.found) throw new Error(`${trackingNumber} not found`);
    return result.snapshot;
  };

  beforeAll(async () => {
    await sandbox.start('waybill_usps_contract_test', {
      usps: USPS_CLIENT,
      // A generous quota: the sandbox clock barely moves, and the real one is tested on its own below.
      limits: { usps: { quota: { calls: 10_000, windowMs: HOUR_MS } } },
    });
    ({ app, baseUrl } = sandbox);
    usps = adapter();
  }, 60_000);

  afterAll(() => sandbox.stop(), 60_000);

  afterEach(() => app.get(CarrierControls).reset('usps'));

  describe('the delivered scenario, played step by step', () => {
    let parcel: ParcelView & { createdAtMs: number };
    const polls: TrackingSnapshot[] = [];

    beforeAll(async () => {
      parcel = await createParcel('delivered');
    });

    it('finds a fresh parcel as info_received with its one label event, local time and offset kept', async () => {
      const snapshot = await snapshotOf(parcel.trackingNumber);
      polls.push(snapshot);
      expect(snapshot).toMatchObject({ carrier: 'usps', trackingNumber: parcel.trackingNumber, status: 'info_received', attempts: 0 });
      expect(snapshot.events).toHaveLength(1);
      expect(snapshot.events[0]).toMatchObject({
        status: 'info_received',
        description: 'Shipping Label Created, USPS Awaiting Item',
        carrierCodes: { code: 'GX' },
        location: { city: 'COMMERCE', region: 'CA', postalCode: '90040', countryCode: 'US' },
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

    it('is in_transit once accepted and moving, with events in time order', async () => {
      playTo(parcel, 10);
      const snapshot = await snapshotOf(parcel.trackingNumber);
      polls.push(snapshot);
      expect(snapshot.status).toBe('in_transit');
      expect(snapshot.events.map((e) => e.carrierCodes.code)).toEqual(['GX', '03', '10', 'T1']);
      expect(snapshot.events.at(-1)?.location).toEqual({ city: 'ONTARIO CA DISTRIBUTION CENTER' });
      expectChronological(snapshot);
    });

    it('is out_for_delivery on the delivery morning, with a predicted window', async () => {
      playTo(parcel, 48);
      const snapshot = await snapshotOf(parcel.trackingNumber);
      polls.push(snapshot);
      expect(snapshot.status).toBe('out_for_delivery');
      expect(snapshot.events.at(-1)).toMatchObject({ status: 'out_for_delivery', carrierCodes: { code: 'OF' } });
      expect(snapshot.estimatedDelivery).toMatchObject({ date: expect.any(String), from: expect.stringMatching(/-07:00$/), to: expect.stringMatching(/-07:00$/) });
      expect(Date.parse(snapshot.estimatedDelivery?.to ?? '')).toBeGreaterThan(Date.parse(snapshot.estimatedDelivery?.from ?? ''));
    });

    it('is delivered, at the front door, with no estimate left', async () => {
      playTo(parcel, 53);
      const snapshot = await snapshotOf(parcel.trackingNumber);
      polls.push(snapshot);
      expect(snapshot.status).toBe('delivered');
      expect(snapshot.events.at(-1)).toMatchObject({ status: 'delivered', description: 'Delivered, Front Door/Porch', carrierCodes: { code: '01' } });
      expect(snapshot.proofOfDelivery).toEqual({ place: 'Front Door/Porch', hasSignature: false, hasProofOfDelivery: false });
      expect(snapshot.estimatedDelivery).toBeUndefined();
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

  it('available_for_pickup: held at the Post Office (USPS 16), then picked up (43)', async () => {
    const parcel = await createParcel('available_for_pickup');
    playTo(parcel, 60);
    const waiting = await snapshotOf(parcel.trackingNumber);
    expect(waiting.status).toBe('available_for_pickup');
    expect(waiting.events.at(-1)).toMatchObject({ status: 'available_for_pickup', carrierCodes: { code: '16' } });

    playTo(parcel, 75);
    const collected = await snapshotOf(parcel.trackingNumber);
    expect(collected.status).toBe('delivered');
    expect(collected.proofOfDelivery).toMatchObject({ signedBy: 'RILEY', place: 'Individual Picked Up at Post Office' });
    expect(collected.events.map((e) => e.status)).toContain('available_for_pickup');
  });

  it('failed_attempt_then_delivered: a Notice Left, rescheduled, then delivered', async () => {
    const parcel = await createParcel('failed_attempt_then_delivered');
    playTo(parcel, 51.02);
    const attempted = await snapshotOf(parcel.trackingNumber);
    expect(attempted).toMatchObject({ status: 'attempt_failed', attempts: 1 });
    expect(attempted.events.at(-1)).toMatchObject({ carrierCodes: { code: '56' } });

    playTo(parcel, 75);
    const delivered = await snapshotOf(parcel.trackingNumber);
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 1 });
    const statuses = delivered.events.map((e) => e.status);
    expect(statuses.indexOf('attempt_failed')).toBeLessThan(statuses.lastIndexOf('delivered'));
    expect(delivered.events.map((e) => e.carrierCodes.code)).toContain('71');
    expectChronological(delivered);
  });

  it('delivered_with_signature: names the signer and offers the proof-of-delivery letter', async () => {
    const parcel = await createParcel('delivered_with_signature');
    playTo(parcel, 50);
    const snapshot = await snapshotOf(parcel.trackingNumber);
    expect(snapshot.status).toBe('delivered');
    expect(snapshot.proofOfDelivery).toEqual({
      signedBy: 'MORGAN',
      receivedBy: 'MORGAN',
      place: 'Left with Individual',
      hasSignature: true,
      hasProofOfDelivery: true,
    });
  });

  it('three_failed_attempts_then_returned: returning on the way back, returned at the sender', async () => {
    const parcel = await createParcel('three_failed_attempts_then_returned');
    playTo(parcel, 113);
    const returning = await snapshotOf(parcel.trackingNumber);
    expect(returning).toMatchObject({ status: 'returning', attempts: 3 });
    playTo(parcel, 151);
    const returned = await snapshotOf(parcel.trackingNumber);
    expect(returned.status).toBe('returned');
    expect(returned.proofOfDelivery).toMatchObject({ receivedBy: 'SHIPPING DOCK', place: 'To Original Sender' });
  });

  it('not_found: a sandbox parcel USPS has never heard of answers 404, read as not found', async () => {
    const parcel = await createParcel('not_found');
    expect(await trackOne(parcel.trackingNumber)).toEqual({ found: false });
  });

  it('an unknown but valid IMpb number is not found', async () => {
    expect(await trackOne(newUspsTrackingNumber({ mailerId: '999999999' }))).toEqual({ found: false });
  });

  it('bad credentials: CarrierError AUTH_FAILED, not retryable, secret not leaked', async () => {
    const err = await carrierErrorOf(trackOne(newUspsTrackingNumber(), adapter({ clientId: USPS_CLIENT.clientId, clientSecret: 'wrong-secret' })));
    expect(err).toMatchObject({ type: CarrierFailureType.AUTH_FAILED, details: { httpStatus: 401, carrierCode: 'invalid_client' } });
    expect(err.retryable).toBe(false);
    expect(err.message).not.toContain('wrong-secret');
  });

  it('the hourly quota: 429 with Retry-After to the next hour, honoured as retryAfterMs, then tracking resumes', async () => {
    const controls = app.get(CarrierControls);
    const parcel = await createParcel('delivered');
    const client = adapter();
    await snapshotOf(parcel.trackingNumber); // the shared adapter holds a token; this one fetches its own below
    const now = clock.now().getTime();
    const used = Math.floor(now / HOUR_MS);
    controls.configure('usps', { quota: { calls: 1, windowMs: HOUR_MS } });
    expect((await client.track([parcel.trackingNumber])).get(parcel.trackingNumber)?.found).toBe(true);
    const err = await carrierErrorOf(client.track([parcel.trackingNumber]));
    expect(err).toMatchObject({ type: CarrierFailureType.RATE_LIMITED, details: { httpStatus: 429, carrierCode: 'Too Many Requests.' } });
    expect(err.retryable).toBe(true);
    expect(err.details.retryAfterMs).toBe(Math.ceil(((used + 1) * HOUR_MS - now) / 1000) * 1000);
    clock.set(new Date((used + 1) * HOUR_MS));
    expect((await client.track([parcel.trackingNumber])).get(parcel.trackingNumber)?.found).toBe(true);
  });

  it('a forced 503 on track: CarrierError UNAVAILABLE (retryable), with Retry-After honoured', async () => {
    const parcel = await createParcel('delivered');
    await snapshotOf(parcel.trackingNumber);
    app.get(CarrierControls).queueFault('usps', { fault: { kind: 'status', status: 503, retryAfterSeconds: 12 }, count: 1, endpoint: 'track' });
    const err = await carrierErrorOf(trackOne(parcel.trackingNumber));
    expect(err).toMatchObject({ type: CarrierFailureType.UNAVAILABLE, details: { httpStatus: 503, retryAfterMs: 12_000 } });
    expect((await trackOne(parcel.trackingNumber)).found).toBe(true);
  });

  it('a malformed answer: CarrierError BAD_RESPONSE, and the next call works', async () => {
    const parcel = await createParcel('delivered');
    await snapshotOf(parcel.trackingNumber);
    app.get(CarrierControls).queueFault('usps', { fault: { kind: 'malformed' }, count: 1, endpoint: 'track' });
    expect((await carrierErrorOf(trackOne(parcel.trackingNumber))).type).toBe(CarrierFailureType.BAD_RESPONSE);
    expect((await trackOne(parcel.trackingNumber)).found).toBe(true);
  });

  it('a forced 503 on the token endpoint: CarrierError UNAVAILABLE from a client without a token', async () => {
    app.get(CarrierControls).queueFault('usps', { fault: { kind: 'status', status: 503 }, count: 1, endpoint: 'token' });
    const err = await carrierErrorOf(trackOne(newUspsTrackingNumber(), adapter()));
    expect(err).toMatchObject({ type: CarrierFailureType.UNAVAILABLE, details: { httpStatus: 503 } });
  });

  it('a token the emulator has expired: the 401 with WWW-Authenticate is met with one refresh, and tracking carries on', async () => {
    const controls = app.get(CarrierControls);
    const parcel = await createParcel('delivered');
    controls.configure('usps', { tokenTtlSeconds: 120 });
    // On real time, the adapter still believes in its token when the sandbox clock has left it behind.
    const client = new UspsAdapter({ baseUrl, ...USPS_CLIENT, timeoutMs: 5_000, tokenMinFetchIntervalMs: 0 });
    await client.track([parcel.trackingNumber]);
    clock.advance(10 * 60_000);
    const before = controls.stats('usps').calls;
    expect((await client.track([parcel.trackingNumber])).get(parcel.trackingNumber)?.found).toBe(true);
    const after = controls.stats('usps').calls;
    // The adapter only asks for a token because of the 401; refused calls never reach the counters.
    expect({ token: after.token - before.token, track: after.track - before.track }).toEqual({ token: 1, track: 1 });
  });

  it('available_for_pickup: the adapter reads pickup.holdUntil (returnDateNotice) and the Post Office', async () => {
    const parcel = await createParcel('available_for_pickup');
    playTo(parcel, 60);
    const waiting = await snapshotOf(parcel.trackingNumber);
    expect(waiting.pickup).toEqual({
      holdUntil: pickupDeadline(parcel),
      location: { city: 'DENVER', region: 'CO', postalCode: '80206', countryCode: 'US' },
    });
  });

  it('delivered_to_access_point: "Delivered, Parcel Locker" atAccessPoint, then picked up (43)', async () => {
    const parcel = await createParcel('delivered_to_access_point');
    playTo(parcel, 51);
    const left = await snapshotOf(parcel.trackingNumber);
    expect(left.status).toBe('delivered');
    expect(left.events.at(-1)).toMatchObject({ status: 'delivered', atAccessPoint: true, carrierCodes: { code: '01' } });
    playTo(parcel, 75);
    const collected = await snapshotOf(parcel.trackingNumber);
    expect(collected.events.map((e) => e.atAccessPoint ?? false).slice(-2)).toEqual([true, false]);
  });

});
