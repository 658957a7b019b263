import type { INestApplication } from '@nestjs/common';
import { CarrierFailureType } from '../../activities/carriers/carrier-errors';
import { FedexAdapter, type FedexAdapterOptions } from '../../activities/carriers/fedex/fedex.adapter';
import { CarrierControls, SandboxParcelsService, type ScenarioName } from '../../src/sandbox';
import { FEDEX_EMULATOR } from '../../src/sandbox/fedex/fedex-emulator';
import { newFedexTrackingNumber } from '../../src/sandbox/fedex/fedex-tracking-numbers';
import type { ParcelView } from '../../src/sandbox/sandbox.views';
import { FedexWebhook } from '../../src/webhooks/verifiers/fedex.webhook';
import type { TrackingSnapshot } from '../../workflows/shared/tracking';
import { carrierErrorOf, ContractSandbox, expectChronological, pickupDeadline, trackOne as trackWith } from '../support/contract-sandbox';

const FEDEX_CLIENT = { clientId: 'contract-fedex-client', clientSecret: 'contract-fedex-secret' };
const PUSH_SECRET = 'contract-fedex-aiv-security-token';

type Parcel = ParcelView & { createdAtMs: number };

/**
 * The contract test: the real FedexAdapter (which production points at apis.fedex.com) against the
 * real FedEx emulator, over HTTP, with parcels stored in FerretDB. No mocks; only the sandbox clock
 * is moved by hand so a 150-hour scenario plays instantly and deterministically.
 */
describe('FedexAdapter against the sandbox FedEx emulator', () => {
  const sandbox = new ContractSandbox('fedex');
  const { clock } = sandbox;
  let app: INestApplication;
  let baseUrl: string;

  const adapter = (options: Partial<FedexAdapterOptions> = {}) =>
    new FedexAdapter({ baseUrl, ...FEDEX_CLIENT, timeoutMs: 5_000, tokenMinFetchIntervalMs: 2_000, ...options });
  let fedex: FedexAdapter;

  const createParcel = async (scenario: ScenarioName) => {
    const parcel = await sandbox.createParcel(scenario);
    expect(parcel.trackingNumber).toMatch(/^\d{12}$/);
    return parcel;
  };
  const playTo = (parcel: { createdAtMs: number }, hours: number) => sandbox.playTo(parcel, hours);
  const timelineOf = (trackingNumber: string) => sandbox.timelineOf(trackingNumber);
  const trackOne = (trackingNumber: string, client: FedexAdapter = fedex) => {
    return trackWith(client, trackingNumber);
  };
  const snapshotOf = async (trackingNumber: string): Promise<TrackingSnapshot> => {
    const result = await trackOne(trackingNumber);
    if (!result.found) throw new Error(`${trackingNumber} not found`);
    return result.snapshot;
  };
  const controls = () => app.get(CarrierControls);

  beforeAll(async () => {
    await sandbox.start('waybill_fedex_contract_test', {
      fedex: FEDEX_CLIENT,
    });
    ({ app, baseUrl } = sandbox);
    fedex = adapter();
  }, 60_000);

  afterAll(() => sandbox.stop(), 60_000);

  afterEach(() => controls().reset('fedex'));

  describe('the delivered scenario, played step by step', () => {
    let parcel: Parcel;
    const polls: TrackingSnapshot[] = [];

    beforeAll(async () => {
      parcel = await createParcel('delivered');
    });

    it('finds a fresh parcel as info_received with its one label event and an estimated day', async () => {
      const snapshot = await snapshotOf(parcel.trackingNumber);
      polls.push(snapshot);
      expect(snapshot).toMatchObject({ carrier: 'fedex', trackingNumber: parcel.trackingNumber, status: 'info_received', attempts: 0 });
      expect(snapshot.events).toHaveLength(1);
      expect(snapshot.events[0]).toMatchObject({
        status: 'info_received',
        carrierCodes: { type: 'OC', code: 'IN' },
        location: { postalCode: '90040', countryCode: 'US' },
      });
      expect(Date.parse(snapshot.events[0].occurredAt)).toBe(parcel.createdAtMs);
      expect(snapshot.events[0].occurredAt).toMatch(/-08:00$/);
      expect(snapshot.estimatedDelivery).toEqual({ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
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
      expect(snapshot.events.at(-1)?.location).toMatchObject({ city: 'ONTARIO', region: 'CA', countryCode: 'US' });
      expectChronological(snapshot);
    });

    it('is out_for_delivery on the delivery morning (OD with derived IT), with a delivery window', async () => {
      playTo(parcel, 48);
      const snapshot = await snapshotOf(parcel.trackingNumber);
      polls.push(snapshot);
      expect(snapshot.status).toBe('out_for_delivery');
      expect(snapshot.events.at(-1)).toMatchObject({ status: 'out_for_delivery', carrierCodes: { type: 'OD', code: 'IT' } });
      expect(snapshot.estimatedDelivery).toMatchObject({
        date: expect.any(String),
        from: expect.stringMatching(/-07:00$/),
        to: expect.stringMatching(/-07:00$/),
      });
      expect(Date.parse(snapshot.estimatedDelivery?.to ?? '')).toBeGreaterThan(Date.parse(snapshot.estimatedDelivery?.from ?? ''));
    });

    it('is delivered, with a proof of delivery and events in time order', async () => {
      playTo(parcel, 53);
      const snapshot = await snapshotOf(parcel.trackingNumber);
      polls.push(snapshot);
      expect(snapshot.status).toBe('delivered');
      expect(snapshot.events.at(-1)).toMatchObject({ status: 'delivered', carrierCodes: { type: 'DL', code: 'DL' } });
      expect(snapshot.proofOfDelivery).toEqual({ place: 'Residence', hasSignature: false, hasProofOfDelivery: true });
      expect(snapshot.estimatedDelivery).toBeUndefined();
      expect(snapshot.attempts).toBe(0);
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

  describe('batches', () => {
    it('tracks several parcels and an unknown number in one call; only the unknown one is not found', async () => {
      const delivered = await createParcel('delivered');
      const exception = await createParcel('exception_damaged');
      const notFound = await createParcel('not_found');
      const unknown = newFedexTrackingNumber();
      playTo(exception, 30);
      const before = controls().stats('fedex').calls.track;
      const results = await fedex.track([delivered.trackingNumber, unknown, exception.trackingNumber, notFound.trackingNumber]);
      expect(controls().stats('fedex').calls.track - before).toBe(1);
      expect(results.get(unknown)).toEqual({ found: false });
      expect(results.get(notFound.trackingNumber)).toEqual({ found: false });
      const statusOf = (n: string) => {
        const result = results.get(n);
        return result?.found ? result.snapshot.status : 'missing';
      };
      expect(statusOf(delivered.trackingNumber)).toBe('in_transit');
      expect(statusOf(exception.trackingNumber)).toBe('exception');
    });

    it('splits 45 numbers into calls of 30 and 15, and answers every one', async () => {
      const parcel = await createParcel('delivered');
      const numbers = [parcel.trackingNumber, ...Array.from({ length: 44 }, () => newFedexTrackingNumber())];
      const before = controls().stats('fedex');
      const results = await fedex.track(numbers);
      const after = controls().stats('fedex');
      expect(after.calls.track - before.calls.track).toBe(2);
      expect(after.trackedNumbers - before.trackedNumbers).toBe(45);
      expect([...results.keys()]).toEqual(numbers);
      expect([...results.values()].filter((r) => r.found)).toHaveLength(1);
    });
  });

  it('available_for_pickup: held at a FedEx location (HP, status HL), then collected', async () => {
    const parcel = await createParcel('available_for_pickup');
    playTo(parcel, 60);
    const waiting = await snapshotOf(parcel.trackingNumber);
    expect(waiting.status).toBe('available_for_pickup');
    expect(waiting.events.at(-1)).toMatchObject({ status: 'available_for_pickup', carrierCodes: { type: 'HP', code: 'IT' } });
    playTo(parcel, 75);
    const collected = await snapshotOf(parcel.trackingNumber);
    expect(collected.status).toBe('delivered');
    expect(collected.proofOfDelivery).toMatchObject({ receivedBy: 'RILEY', place: 'FedEx location' });
  });

  it('failed_attempt_then_delivered: an attempt (DE 08), a new day, then delivered', async () => {
    const parcel = await createParcel('failed_attempt_then_delivered');
    playTo(parcel, 52);
    const attempted = await snapshotOf(parcel.trackingNumber);
    expect(attempted.status).toBe('attempt_failed');
    expect(attempted.attempts).toBe(1);
    expect(attempted.events.at(-1)).toMatchObject({ status: 'attempt_failed', carrierCodes: { type: 'DE', statusCode: '08' } });
    // Rescheduled (at 60× a simulated day is 24 real minutes, so the calendar day itself rarely moves).
    expect(attempted.estimatedDelivery?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    playTo(parcel, 75);
    const delivered = await snapshotOf(parcel.trackingNumber);
    expect(delivered.status).toBe('delivered');
    expect(delivered.attempts).toBe(1);
    expectChronological(delivered);
  });

  it('delivered_with_signature: yields who signed', async () => {
    const parcel = await createParcel('delivered_with_signature');
    playTo(parcel, 50);
    const snapshot = await snapshotOf(parcel.trackingNumber);
    expect(snapshot.status).toBe('delivered');
    expect(snapshot.proofOfDelivery).toEqual({
      signedBy: 'MORGAN',
      receivedBy: 'MORGAN',
      place: 'Residence',
      hasSignature: true,
      hasProofOfDelivery: true,
    });
  });

  it('three_failed_attempts_then_returned: the RS scan with derived DL is returning, the end is returned, never delivered', async () => {
    const parcel = await createParcel('three_failed_attempts_then_returned');
    playTo(parcel, 101);
    const turning = await snapshotOf(parcel.trackingNumber);
    expect(turning.status).toBe('returning');
    expect(turning.attempts).toBe(3);
    expect(turning.events.at(-1)).toMatchObject({ status: 'returning', carrierCodes: { type: 'RS', code: 'DL' } });

    playTo(parcel, 151);
    const returned = await snapshotOf(parcel.trackingNumber);
    expect(returned.status).toBe('returned');
    expect(returned.events.map((e) => e.status)).not.toContain('delivered');
    expect(returned.events.at(-1)).toMatchObject({ status: 'returned', location: expect.objectContaining({ city: 'COMMERCE' }) });
    expect(returned.proofOfDelivery).toBeUndefined();
  });

  it('eta_slips: a weather delay (DY A52) keeps the parcel in transit, then it is delivered', async () => {
    const parcel = await createParcel('eta_slips');
    playTo(parcel, 31);
    const delayed = await snapshotOf(parcel.trackingNumber);
    expect(delayed.status).toBe('in_transit');
    expect(delayed.events.at(-1)?.carrierCodes).toEqual({ type: 'DY', code: 'DY', statusCode: 'A52' });
    expect(delayed.estimatedDelivery?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    playTo(parcel, 100);
    expect((await snapshotOf(parcel.trackingNumber)).status).toBe('delivered');
  });

  it('not_found: a sandbox parcel FedEx has never heard of, and an unknown valid number', async () => {
    const parcel = await createParcel('not_found');
    expect(await trackOne(parcel.trackingNumber)).toEqual({ found: false });
    expect(await trackOne(newFedexTrackingNumber())).toEqual({ found: false });
  });

  it('a pushed AIV notification verifies and gives the same events as the poll', async () => {
    const parcel = await createParcel('returned_to_sender');
    playTo(parcel, 101);
    const polled = await snapshotOf(parcel.trackingNumber);
    const played = await app.get(SandboxParcelsService).play(parcel.trackingNumber);
    if (!played) throw new Error('the parcel vanished');
    const renderer = FEDEX_EMULATOR.pushRenderer({
      upsCredential: 'u',
      fedexSecret: PUSH_SECRET,
      dhl: { header: 'h', token: 't' },
      uspsSecret: 's',
    });
    const messages = renderer.render({
      parcel: played.parcel,
      scenario: played.scenario,
      timeline: played.timeline,
      newSteps: played.timeline.steps.slice(-1),
    });
    const webhook = new FedexWebhook(PUSH_SECRET);
    const last = messages.at(-1);
    if (!last) throw new Error('nothing pushed');
    expect(webhook.verify(last.headers, Buffer.from(last.body))).toBe(true);
    const [update] = webhook.parse(Buffer.from(last.body)).updates;
    expect(update.events).toEqual(polled.events);
    expect(update.events.at(-1)?.status).toBe('returned');
  });

  describe('failures', () => {
    it('bad credentials: CarrierError AUTH_FAILED, not retryable, secret not in the message', async () => {
      const err = await carrierErrorOf(trackOne(newFedexTrackingNumber(), adapter({ clientSecret: 'wrong-secret' })));
      expect(err.type).toBe(CarrierFailureType.AUTH_FAILED);
      expect(err.retryable).toBe(false);
      expect(err.details).toMatchObject({ httpStatus: 401, carrierCode: 'NOT.AUTHORIZED.ERROR' });
      expect(err.message).not.toContain('wrong-secret');
    });

    it('a client whose calls keep failing never trips the token block: one token request, no 403', async () => {
      const failing = adapter({ clientSecret: 'wrong-secret', tokenMinFetchIntervalMs: 60_000 });
      const before = controls().stats('fedex').calls.token;
      for (let i = 0; i < 30; i++) {
        const err = await carrierErrorOf(trackOne(newFedexTrackingNumber(), failing));
        expect(err.details.httpStatus).toBe(401);
      }
      expect(controls().stats('fedex').calls.token - before).toBe(1);
    });

    it('an expired token is replaced once and the call goes through', async () => {
      const parcel = await createParcel('delivered');
      const client = adapter();
      await snapshotOf(parcel.trackingNumber);
      await trackOne(parcel.trackingNumber, client);
      const before = controls().stats('fedex').calls.token;
      // The emulator's clock passes the token's hour; the adapter's own clock has not.
      playTo(parcel, 61);
      const result = await trackOne(parcel.trackingNumber, client);
      expect(result.found).toBe(true);
      expect(controls().stats('fedex').calls.token - before).toBe(1);
    }, 20_000);

    it('the sliding rate limit: CarrierError RATE_LIMITED after the 10-second window', async () => {
      const parcel = await createParcel('delivered');
      await snapshotOf(parcel.trackingNumber);
      controls().configure('fedex', { rateLimit: { calls: 2, windowMs: 10_000 } });
      await snapshotOf(parcel.trackingNumber);
      await snapshotOf(parcel.trackingNumber);
      const err = await carrierErrorOf(trackOne(parcel.trackingNumber));
      expect(err.type).toBe(CarrierFailureType.RATE_LIMITED);
      expect(err.retryable).toBe(true);
      expect(err.details).toMatchObject({ httpStatus: 429, carrierCode: 'TOO.MANY.REQUESTS.ERROR', retryAfterMs: 10_000 });
      clock.set(new Date(clock.now().getTime() + 10_000));
      expect((await trackOne(parcel.trackingNumber)).found).toBe(true);
    });

    it('the daily quota: CarrierError RATE_LIMITED until 00:00 GMT', async () => {
      const parcel = await createParcel('delivered');
      await snapshotOf(parcel.trackingNumber);
      controls().configure('fedex', { quota: { calls: 1, windowMs: 86_400_000 } });
      await snapshotOf(parcel.trackingNumber);
      const err = await carrierErrorOf(trackOne(parcel.trackingNumber));
      expect(err.type).toBe(CarrierFailureType.RATE_LIMITED);
      expect(err.details.retryAfterMs).toBeGreaterThan(0);
      expect(err.details.retryAfterMs).toBeLessThanOrEqual(86_400_000);
    });

    it('a forced 429 on track: RATE_LIMITED (retryable), and the next call works', async () => {
      const parcel = await createParcel('delivered');
      await snapshotOf(parcel.trackingNumber);
      controls().queueFault('fedex', { fault: { kind: 'status', status: 429 }, count: 1, endpoint: 'track' });
      const err = await carrierErrorOf(trackOne(parcel.trackingNumber));
      expect(err.type).toBe(CarrierFailureType.RATE_LIMITED);
      expect((await snapshotOf(parcel.trackingNumber)).status).toBe('info_received');
    });

    it('a forced 503 on track: UNAVAILABLE (retryable)', async () => {
      const parcel = await createParcel('delivered');
      controls().queueFault('fedex', { fault: { kind: 'status', status: 503 }, count: 2, endpoint: 'track' });
      for (let i = 0; i < 2; i++) {
        const err = await carrierErrorOf(trackOne(parcel.trackingNumber));
        expect(err.type).toBe(CarrierFailureType.UNAVAILABLE);
        expect(err.retryable).toBe(true);
        expect(err.details).toMatchObject({ httpStatus: 503, carrierCode: 'SERVICE.UNAVAILABLE.ERROR' });
      }
      expect((await trackOne(parcel.trackingNumber)).found).toBe(true);
    });

    it('a forced malformed answer: BAD_RESPONSE (retryable)', async () => {
      const parcel = await createParcel('delivered');
      controls().queueFault('fedex', { fault: { kind: 'malformed' }, count: 1, endpoint: 'track' });
      const err = await carrierErrorOf(trackOne(parcel.trackingNumber));
      expect(err.type).toBe(CarrierFailureType.BAD_RESPONSE);
      expect(err.retryable).toBe(true);
    });

    it('a forced 503 on the token endpoint: UNAVAILABLE from a client without a token', async () => {
      controls().queueFault('fedex', { fault: { kind: 'status', status: 503 }, count: 1, endpoint: 'token' });
      const err = await carrierErrorOf(trackOne(newFedexTrackingNumber(), adapter()));
      expect(err.type).toBe(CarrierFailureType.UNAVAILABLE);
      expect(err.details.httpStatus).toBe(503);
    });
  });

  it('available_for_pickup: the adapter reads pickup.holdUntil from the hold message and the holdAtLocation', async () => {
    const parcel = await createParcel('available_for_pickup');
    playTo(parcel, 60);
    const waiting = await snapshotOf(parcel.trackingNumber);
    expect(waiting.pickup).toEqual({
      holdUntil: pickupDeadline(parcel, { businessDaysOnly: true }),
      locationName: 'FedEx Office',
      location: { city: 'DENVER', region: 'CO', postalCode: '80206', countryCode: 'US' },
    });
    playTo(parcel, 75);
    expect((await snapshotOf(parcel.trackingNumber)).pickup).toBeUndefined();
  });

  it('delivered_to_access_point: DL at a FedEx Office location atAccessPoint, then collected', async () => {
    const parcel = await createParcel('delivered_to_access_point');
    playTo(parcel, 51);
    const left = await snapshotOf(parcel.trackingNumber);
    expect(left.status).toBe('delivered');
    expect(left.events.at(-1)).toMatchObject({ status: 'delivered', atAccessPoint: true, carrierCodes: { type: 'DL' } });
    playTo(parcel, 75);
    const collected = await snapshotOf(parcel.trackingNumber);
    expect(collected.events.map((e) => e.atAccessPoint ?? false).slice(-2)).toEqual([true, false]);
  });

});
