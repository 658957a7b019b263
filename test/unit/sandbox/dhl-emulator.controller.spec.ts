import request from 'supertest';
import type { App } from 'supertest/types';
import { normalizeDhlShipment } from '../../../activities/carriers/dhl/dhl.normalize';
import { dhlTrackResponseSchema } from '../../../activities/carriers/dhl/dhl.schemas';
import { IS_PUBLIC } from '../../../src/auth/public.decorator';
import { CarrierControls } from '../../../src/sandbox/controls/carrier-controls';
import { DHL_EMULATOR } from '../../../src/sandbox/dhl/dhl-emulator';
import { DhlEmulatorController } from '../../../src/sandbox/dhl/dhl-emulator.controller';
import { DhlEmulatorService } from '../../../src/sandbox/dhl/dhl-emulator.service';
import { DhlApiError } from '../../../src/sandbox/dhl/dhl-errors';
import type { SandboxParcel } from '../../../src/sandbox/parcels/sandbox-parcel.schema';
import { SandboxParcelsService } from '../../../src/sandbox/parcels/sandbox-parcels.service';
import { SCENARIO_NAMES, type ScenarioName } from '../../../src/sandbox/scenarios';
import type { TrackingSnapshot } from '../../../workflows/shared/tracking';
import { createSandboxTestApp, TEST_DHL_API_KEY, TEST_START, type SandboxTestApp } from './support/sandbox-test-app';

const PATH = '/sandbox/dhl/track/shipments';
const TN = '3318810025';
const DAY_MS = 24 * 60 * 60_000;

const parcel = (trackingNumber: string, scenario: ScenarioName, carrier: SandboxParcel['carrier'] = 'dhl'): SandboxParcel => ({
  trackingNumber,
  carrier,
  scenario,
  speed: 2000,
  createdAt: TEST_START,
});

const problem = (status: number) => ({ title: expect.any(String), status, detail: expect.any(String) });

describe(DhlEmulatorController.name, () => {
  let sut: SandboxTestApp;
  let server: App;

  const track = (query: Record<string, string>, apiKey: string | null = TEST_DHL_API_KEY) => {
    const call = request(server).get(PATH).query(query);
    return apiKey === null ? call : call.set('DHL-API-Key', apiKey);
  };
  /** Each call in its own second: DHL allows one per second. */
  const nextSecond = (): void => sut.clock.advance(1_000);
  const snapshotOf = (body: unknown, trackingNumber = TN): TrackingSnapshot =>
    normalizeDhlShipment(dhlTrackResponseSchema.parse(body).shipments[0], trackingNumber);

  beforeEach(async () => {
    sut = await createSandboxTestApp();
    server = sut.app.getHttpServer() as App;
  });

  afterEach(async () => sut.close());

  it('should be public: it checks DHL-API-Key, not the app API key', () => {
    expect(Reflect.getMetadata(IS_PUBLIC, DhlEmulatorController)).toBe(true);
  });

  it("should start with DHL's initial service level: 1 call a second, 250 a day", () => {
    expect(sut.app.get(CarrierControls).limits('dhl')).toMatchObject({
      rateLimit: { calls: 1, windowMs: 1_000 },
      quota: { calls: 250, windowMs: DAY_MS },
    });
    expect(DHL_EMULATOR.formBodyRoutes).toEqual([]);
  });

  describe('authentication', () => {
    it('should refuse a missing, wrong or query-string key with 401 problem+json', async () => {
      for (const key of [null, 'wrong-key', `${TEST_DHL_API_KEY}x`, '']) {
        const response = await track({ trackingNumber: TN }, key).expect(401);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body).toEqual({ title: 'Unauthorized', status: 401, detail: 'Unauthorized for given resource.' });
        nextSecond();
      }
      await track({ trackingNumber: TN, 'DHL-API-Key': TEST_DHL_API_KEY }, null).expect(401);
    });

    it('should accept the header in any case', async () => {
      await request(server).get(PATH).query({ trackingNumber: TN }).set('dhl-api-key', TEST_DHL_API_KEY).expect(404);
    });

    it('should refuse every call when the sandbox has no DHL key configured', async () => {
      const service = new DhlEmulatorService({}, sut.clock.now, sut.app.get(CarrierControls), sut.app.get(SandboxParcelsService));
      await expect(service.track({ apiKey: TEST_DHL_API_KEY, query: { trackingNumber: TN } })).rejects.toMatchObject({ httpStatus: 401 });
      await expect(service.track({ apiKey: undefined, query: { trackingNumber: TN } })).rejects.toBeInstanceOf(DhlApiError);
    });

    it('should not count refused calls against the key', async () => {
      await track({ trackingNumber: TN }, 'wrong-key').expect(401);
      await track({ trackingNumber: TN }).expect(404);
    });
  });

  describe('GET /track/shipments', () => {
    it('should render a sandbox parcel with DHL headers', async () => {
      await sut.parcels.insert(parcel(TN, 'delivered'));
      sut.clock.advance(100_000);
      const response = await track({ trackingNumber: TN }).expect(200).expect('Content-Type', /^application\/json/);
      expect(response.headers['content-language']).toBe('en');
      expect(response.headers['correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
      const body = response.body as { shipments: { id: string; service: string }[] };
      expect(body.shipments).toHaveLength(1);
      expect(body.shipments[0]).toMatchObject({ id: TN, service: 'express' });
      expect(snapshotOf(body).status).toBe('delivered');
    });

    it('should find the parcel by its piece ID, with spaces or in lower case, and answer with the waybill', async () => {
      await sut.parcels.insert(parcel(TN, 'delivered'));
      for (const asked of [`JD01460000${TN}`, `jd01460000${TN}`, '3318 8100 25']) {
        const response = await track({ trackingNumber: asked }).expect(200);
        expect((response.body as { shipments: { id: string }[] }).shipments[0].id).toBe(TN);
        nextSecond();
      }
    });

    it('should answer unknown numbers, not_found parcels and other carriers with 404 "No result found"', async () => {
      await sut.parcels.insert(parcel('8487135506', 'not_found'));
      await sut.parcels.insert(parcel('1ZWAYB010300000018', 'delivered', 'ups'));
      for (const n of ['8487135506', '1099255990', '1ZWAYB010300000018']) {
        const response = await track({ trackingNumber: n }).expect(404);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body).toEqual({
          title: 'No result found',
          status: 404,
          detail: 'No shipment with given tracking number found.',
          instance: `/shipment/${n}`,
        });
        nextSecond();
      }
    });

    it('should honour the service hint: express finds the parcel, another business unit does not', async () => {
      await sut.parcels.insert(parcel(TN, 'delivered'));
      const hinted = { trackingNumber: TN, service: 'express', requesterCountryCode: 'US', language: 'de' };
      await track(hinted).expect(200).expect('Content-Language', 'en');
      nextSecond();
      await track({ trackingNumber: TN, service: 'parcel-de' }).expect(404);
      nextSecond();
      await track({ trackingNumber: TN, offset: '1' }).expect(404);
    });

    it.each<[string, Record<string, string>]>([
      ['no trackingNumber', {}],
      ['an empty trackingNumber', { trackingNumber: ' ' }],
      ['an unknown service', { trackingNumber: TN, service: 'pigeon' }],
      ['a bad country code', { trackingNumber: TN, requesterCountryCode: 'USA' }],
      ['a negative offset', { trackingNumber: TN, offset: '-1' }],
      ['a zero limit', { trackingNumber: TN, limit: '0' }],
    ])('should refuse %s with 400 problem+json', async (_case, query) => {
      const response = await track(query).expect(400);
      expect(response.body).toEqual(problem(400));
    });

    it('should refuse two tracking numbers: one per call', async () => {
      const response = await request(server)
        .get(`${PATH}?trackingNumber=${TN}&trackingNumber=8487135506`)
        .set('DHL-API-Key', TEST_DHL_API_KEY)
        .expect(400);
      expect(response.body).toEqual(problem(400));
    });
  });

  describe('limits', () => {
    it('should allow one call a second per key, answering 429 problem+json without Retry-After', async () => {
      await track({ trackingNumber: TN }).expect(404);
      const limited = await track({ trackingNumber: TN }).expect(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.body).toEqual({
        status: 429,
        title: 'Too Many Requests',
        detail: 'Too many requests within defined time period, please try again later.',
      });
      expect(limited.headers['retry-after']).toBeUndefined();
      nextSecond();
      await track({ trackingNumber: TN }).expect(404);
    });

    it('should enforce the daily quota until 00:00 GMT, with the same 429', async () => {
      sut.app.get(CarrierControls).configure('dhl', { quota: { calls: 2, windowMs: DAY_MS } });
      sut.clock.set(new Date('2026-03-02T23:59:50Z'));
      await track({ trackingNumber: TN }).expect(404);
      nextSecond();
      await track({ trackingNumber: TN }).expect(404);
      nextSecond();
      const exhausted = await track({ trackingNumber: TN }).expect(429);
      expect(exhausted.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
      expect(exhausted.headers['retry-after']).toBeUndefined();
      sut.clock.set(new Date('2026-03-03T00:00:00Z'));
      await track({ trackingNumber: TN }).expect(404);
    });
  });

  describe('faults', () => {
    it('should fail the next calls as told, in problem+json, then recover', async () => {
      const controls = sut.app.get(CarrierControls);
      controls.queueFault('dhl', { fault: { kind: 'status', status: 503 }, count: 2, endpoint: 'track' });
      const first = await track({ trackingNumber: TN }).expect(503);
      expect(first.body).toEqual({ ...problem(503), title: 'Service Unavailable' });
      nextSecond();
      await track({ trackingNumber: TN }).expect(503);
      nextSecond();
      await track({ trackingNumber: TN }).expect(404);
    });

    it('should send Retry-After on a forced 429 only when told to', async () => {
      sut.app.get(CarrierControls).queueFault('dhl', { fault: { kind: 'status', status: 429, retryAfterSeconds: 30 }, count: 1 });
      const response = await track({ trackingNumber: TN }).expect(429);
      expect(response.headers['retry-after']).toBe('30');
    });

    it('should cut the answer off mid-JSON for a malformed fault', async () => {
      await sut.parcels.insert(parcel(TN, 'delivered'));
      sut.app.get(CarrierControls).queueFault('dhl', { fault: { kind: 'malformed' }, count: 1 });
      const response = await track({ trackingNumber: TN }).buffer(true).parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => done(null, text));
      });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body as string).toMatch(/^\{"shipments":\[/);
      expect(() => JSON.parse(response.body as string)).toThrow();
    });

    it('should answer late for a slow fault', async () => {
      sut.app.get(CarrierControls).queueFault('dhl', { fault: { kind: 'slow', delayMs: 120 }, count: 1 });
      const started = Date.now();
      await track({ trackingNumber: TN }).expect(404);
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    });
  });

  describe('every scenario, played to its end', () => {
    const ends: Record<Exclude<ScenarioName, 'not_found'>, Partial<TrackingSnapshot>> = {
      delivered: { status: 'delivered', attempts: 0 },
      out_for_delivery_then_delivered: { status: 'delivered', attempts: 0 },
      delivered_with_signature: { status: 'delivered', proofOfDelivery: { signedBy: 'MORGAN', hasSignature: true, hasProofOfDelivery: true } },
      failed_attempt_then_delivered: { status: 'delivered', attempts: 1 },
      available_for_pickup: {
        status: 'delivered',
        proofOfDelivery: { signedBy: 'RILEY', place: 'DHL Service Point DENVER', hasSignature: true, hasProofOfDelivery: true },
      },
      three_failed_attempts_then_returned: { status: 'returned', attempts: 3 },
      returned_to_sender: { status: 'returned', attempts: 1 },
      eta_slips: { status: 'delivered' },
      stalled_then_lost: { status: 'in_transit' },
      exception_damaged: { status: 'exception' },
      delivered_to_access_point: {
        status: 'delivered',
        proofOfDelivery: { signedBy: 'RILEY', place: 'DHL Service Point DENVER', hasSignature: true, hasProofOfDelivery: true },
      },
    };

    it('should cover every scenario', () => {
      expect([...Object.keys(ends), 'not_found'].sort()).toEqual([...SCENARIO_NAMES].sort());
    });

    it.each(Object.entries(ends))('%s', async (scenario, expected) => {
      await sut.parcels.insert(parcel(TN, scenario as ScenarioName));
      // 150 simulated hours at speed 2000 are 4.5 real minutes.
      sut.clock.advance(10 * 60_000);
      const snapshot = snapshotOf((await track({ trackingNumber: TN }).expect(200)).body);
      expect(snapshot).toMatchObject(expected);
    });

    it('not_found', async () => {
      await sut.parcels.insert(parcel(TN, 'not_found'));
      sut.clock.advance(10 * 60_000);
      await track({ trackingNumber: TN }).expect(404);
    });
  });
});
