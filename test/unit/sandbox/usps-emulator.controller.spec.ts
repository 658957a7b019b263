import request from 'supertest';
import type { App } from 'supertest/types';
import { normalizeUspsTracking } from '../../../activities/carriers/usps/usps.normalize';
import { uspsTrackingDetailsSchema } from '../../../activities/carriers/usps/usps.schemas';
import { IS_PUBLIC } from '../../../src/auth/public.decorator';
import { CarrierControls } from '../../../src/sandbox/controls/carrier-controls';
import type { SandboxParcel } from '../../../src/sandbox/parcels/sandbox-parcel.schema';
import type { SandboxParcelsService } from '../../../src/sandbox/parcels/sandbox-parcels.service';
import { SCENARIO_NAMES, type ScenarioName } from '../../../src/sandbox/scenarios';
import { UspsEmulatorController } from '../../../src/sandbox/usps/usps-emulator.controller';
import { UspsEmulatorService } from '../../../src/sandbox/usps/usps-emulator.service';
import { UspsApiError } from '../../../src/sandbox/usps/usps-errors';
import { UspsTokenStore } from '../../../src/sandbox/usps/usps-token-store';
import { newUspsTrackingNumber } from '../../../src/sandbox/usps/usps-tracking-numbers';
import type { TrackingSnapshot } from '../../../workflows/shared/tracking';
import { FakeClock } from './support/fake-clock';
import { createSandboxTestApp, TEST_START, TEST_USPS_CLIENT, type SandboxTestApp } from './support/sandbox-test-app';

const TOKEN_PATH = '/sandbox/usps/oauth2/v3/token';
const trackPath = (n: string): string => `/sandbox/usps/tracking/v3/tracking/${n}`;
const GOOD_BODY = { grant_type: 'client_credentials', client_id: TEST_USPS_CLIENT.clientId, client_secret: TEST_USPS_CLIENT.clientSecret };
const HOUR_MS = 3_600_000;

const parcel = (trackingNumber: string, scenario: ScenarioName, carrier: SandboxParcel['carrier'] = 'usps'): SandboxParcel => ({
  trackingNumber,
  carrier,
  scenario,
  speed: 2000,
  createdAt: TEST_START,
});

interface ErrorBody {
  apiVersion: string;
  error: { code: string; message: string; errors: Array<Record<string, unknown>> };
}

describe(UspsEmulatorController.name, () => {
  let sut: SandboxTestApp;
  let server: App;

  const tokenRequest = (body: object = GOOD_BODY) => request(server).post(TOKEN_PATH).send(body);
  const issueToken = async (scope?: string): Promise<string> => {
    const response = await tokenRequest(scope === undefined ? GOOD_BODY : { ...GOOD_BODY, scope }).expect(200);
    return (response.body as { access_token: string }).access_token;
  };
  const track = (n: string, token: string, query: Record<string, string> = { expand: 'DETAIL' }) =>
    request(server).get(trackPath(n)).set('Authorization', `Bearer ${token}`).query(query);
  const expectEnvelope = (body: unknown, status: number, message?: string | RegExp): ErrorBody => {
    const envelope = body as ErrorBody;
    expect(envelope).toEqual({ apiVersion: expect.any(String), error: { code: String(status), message: expect.any(String), errors: expect.any(Array) } });
    if (message) expect(envelope.error.message).toMatch(message);
    return envelope;
  };
  const snapshotOf = (body: unknown, trackingNumber: string): TrackingSnapshot =>
    normalizeUspsTracking(uspsTrackingDetailsSchema.parse(body), trackingNumber);

  beforeEach(async () => {
    sut = await createSandboxTestApp({ limits: { usps: { tokenTtlSeconds: 600, quota: { calls: 1_000, windowMs: HOUR_MS } } } });
    server = sut.app.getHttpServer() as App;
  });

  afterEach(async () => sut.close());

  it('should be public: it checks USPS-style credentials, not the app API key', () => {
    expect(Reflect.getMetadata(IS_PUBLIC, UspsEmulatorController)).toBe(true);
  });

  describe('POST /oauth2/v3/token', () => {
    it('should issue a JWT-shaped Bearer token with the live answer\'s fields and types', async () => {
      const response = await tokenRequest().expect(200).expect('Content-Type', /json/);
      expect(response.body).toEqual({
        access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        token_type: 'Bearer',
        issued_at: TEST_START.getTime(),
        expires_in: 600,
        status: 'approved',
        scope: 'addresses domestic-prices international-prices locations service-standards tracking',
        issuer: 'https://keyc.usps.com/realms/USPS',
        client_id: TEST_USPS_CLIENT.clientId,
        application_name: expect.any(String),
        api_products: expect.any(String),
        public_key: expect.any(String),
      });
      const [, payload] = (response.body as { access_token: string }).access_token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      expect(claims).toMatchObject({ sub: TEST_USPS_CLIENT.clientId, exp: TEST_START.getTime() / 1000 + 600 });
    });

    it('should default the token lifetime to 28799 seconds', async () => {
      const other = await createSandboxTestApp();
      try {
        const response = await request(other.app.getHttpServer() as App).post(TOKEN_PATH).send(GOOD_BODY).expect(200);
        expect((response.body as { expires_in: number }).expires_in).toBe(28_799);
      } finally {
        await other.close();
      }
    });

    it('should narrow the scope to what was asked for, and refuse scopes the app lacks', async () => {
      const response = await tokenRequest({ ...GOOD_BODY, scope: 'tracking tracking' }).expect(200);
      expect((response.body as { scope: string }).scope).toBe('tracking');
      const refused = await tokenRequest({ ...GOOD_BODY, scope: 'labels' }).expect(400);
      expect((refused.body as { error: string }).error).toBe('invalid_scope');
    });

    it('should refuse wrong, partial or missing credentials with 401 invalid_client', async () => {
      for (const body of [
        { ...GOOD_BODY, client_secret: 'wrong' },
        { ...GOOD_BODY, client_id: 'someone-else' },
        { grant_type: 'client_credentials', client_id: TEST_USPS_CLIENT.clientId },
        { ...GOOD_BODY, client_secret: 42 },
        {},
      ]) {
        const response = await tokenRequest(body).expect(401);
        expect(response.body).toEqual({
          error: 'invalid_client',
          error_description: 'Client authentication failed.',
          error_uri: 'https://datatracker.ietf.org/doc/html/rfc6749#page-45',
        });
      }
    });

    it('should refuse other grants and a missing grant with 400', async () => {
      const other = await tokenRequest({ ...GOOD_BODY, grant_type: 'authorization_code' }).expect(400);
      expect((other.body as { error: string }).error).toBe('unsupported_grant_type');
      const { grant_type: _omitted, ...withoutGrant } = GOOD_BODY;
      const missing = await tokenRequest(withoutGrant).expect(400);
      expect((missing.body as { error: string }).error).toBe('invalid_request');
    });

    it('should accept a form body too, also when the app has no body parser', async () => {
      const form = new URLSearchParams(GOOD_BODY).toString();
      await request(server).post(TOKEN_PATH).type('form').send(form).expect(200);
      const bare = await createSandboxTestApp({ bodyParser: false });
      try {
        await request(bare.app.getHttpServer() as App).post(TOKEN_PATH).type('form').send(form).expect(200);
      } finally {
        await bare.close();
      }
    });

    it('should refuse every token request when the sandbox has no USPS credentials', async () => {
      const clock = new FakeClock(TEST_START);
      const service = new UspsEmulatorService(
        null,
        clock.now,
        new UspsTokenStore(clock.now),
        new CarrierControls(),
        { play: () => Promise.resolve(null) } as unknown as SandboxParcelsService,
      );
      const refusal = await service.issueToken({ grantType: 'client_credentials', clientId: 'a', clientSecret: 'b', scope: undefined }).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(UspsApiError);
      expect(refusal).toMatchObject({ httpStatus: 401, body: { error: 'invalid_client' } });
    });
  });

  describe('GET /tracking/v3/tracking/:trackingNumber', () => {
    it('should render a sandbox parcel as a DETAIL answer', async () => {
      const n = newUspsTrackingNumber();
      await sut.parcels.insert(parcel(n, 'delivered'));
      const token = await issueToken();
      sut.clock.advance(100_000);
      const response = await track(n, token).expect(200).expect('Content-Type', /json/);
      expect(response.body).toMatchObject({ trackingNumber: n, statusCategory: 'Delivered', status: 'Delivered, Front Door/Porch', serviceTypeCode: '001' });
      expect(snapshotOf(response.body, n)).toMatchObject({ status: 'delivered', proofOfDelivery: { place: 'Front Door/Porch' } });
    });

    it('should answer SUMMARY when expand is left out, as the OpenAPI defaults it', async () => {
      const n = newUspsTrackingNumber();
      await sut.parcels.insert(parcel(n, 'delivered'));
      sut.clock.advance(100_000);
      const response = await track(n, await issueToken(), {}).expect(200);
      const body = response.body as { trackingNumber: string; eventSummaries: string[] };
      expect(Object.keys(body).sort()).toEqual(['eventSummaries', 'trackingNumber']);
      expect(body.eventSummaries[0]).toMatch(/^Your item was delivered at the front door or porch at \d{1,2}:\d{2} [ap]m on March \d{2}, 2026 in DENVER, CO 80205\.$/);
      expect(body.eventSummaries.at(-1)).toMatch(/^Shipping Label Created, USPS Awaiting Item, 03\/02\/2026, \d{1,2}:\d{2} [ap]m, COMMERCE, CA 90040$/);
    });

    it('should refuse an expand, ZIP Code or mailing date outside the OpenAPI with 400', async () => {
      const token = await issueToken();
      const n = newUspsTrackingNumber();
      const queries: Array<Record<string, string>> = [
        { expand: 'detail' },
        { expand: 'DETAIL', destinationZIPCode: '8020' },
        { expand: 'DETAIL', mailingDate: '03/02/2026' },
      ];
      for (const query of queries) {
        const envelope = expectEnvelope((await track(n, token, query).expect(400)).body, 400);
        expect(envelope.error.errors[0]).toMatchObject({ source: { parameter: Object.keys(query).at(-1) } });
      }
    });

    it('should answer 404 with the USPS text for unknown numbers, not_found parcels, other carriers\' parcels and junk', async () => {
      await sut.parcels.insert(parcel('9400192730184600000019', 'not_found'));
      await sut.parcels.insert(parcel('1ZWAYB010300000018', 'delivered', 'ups'));
      const token = await issueToken();
      for (const n of ['9400192730184600000019', newUspsTrackingNumber(), '1ZWAYB010300000018', 'not-a-number']) {
        const response = await track(n, token).expect(404);
        expect(response.body).toEqual({
          apiVersion: '/tracking/v3',
          error: { code: '404', message: expect.stringMatching(/^Tracking is not available for this item\./), errors: [] },
        });
      }
    });

    it('should say "missing or malformed" for no token and for a token that is not a JWT, with WWW-Authenticate', async () => {
      for (const authorization of [undefined, 'Bearer not-a-jwt', `Basic ${Buffer.from('a:b').toString('base64')}`]) {
        const call = request(server).get(trackPath(newUspsTrackingNumber())).query({ expand: 'DETAIL' });
        const response = await (authorization ? call.set('Authorization', authorization) : call).expect(401);
        expect(response.headers['www-authenticate']).toBe('Bearer realm="https://api.usps.com"');
        const envelope = expectEnvelope(response.body, 401, 'Missing or malformed access token.');
        expect(envelope.error.errors[0]).toMatchObject({ title: 'invalid_token', source: 'Access Token' });
      }
    });

    it('should refuse a well-formed token it never issued, and say when one has expired', async () => {
      expectEnvelope((await track(newUspsTrackingNumber(), 'aaa.bbb.ccc').expect(401)).body, 401, /Invalid access token/);
      const token = await issueToken();
      sut.clock.advance(599_000);
      await track(newUspsTrackingNumber(), token).expect(404);
      sut.clock.advance(1_000);
      const expired = await track(newUspsTrackingNumber(), token).expect(401);
      expect(expired.headers['www-authenticate']).toBeDefined();
      expectEnvelope(expired.body, 401, /Expired access token/);
    });

    it('should refuse a token without the tracking scope as USPS does (api-examples#56)', async () => {
      const token = await issueToken('addresses locations');
      const response = await track(newUspsTrackingNumber(), token).expect(401);
      expect(response.body).toEqual({ apiVersion: '/tracking/v3', error: { code: '401', message: 'The client application identifier is invalid.', errors: [] } });
    });

    it('should answer an exhausted hourly quota with 429 and Retry-After to the next hour, then recover', async () => {
      const limited = await createSandboxTestApp({ limits: { usps: { quota: { calls: 2, windowMs: HOUR_MS } } } });
      try {
        const http = limited.app.getHttpServer() as App;
        const token = ((await request(http).post(TOKEN_PATH).send(GOOD_BODY).expect(200)).body as { access_token: string }).access_token;
        const call = () => request(http).get(trackPath(newUspsTrackingNumber())).set('Authorization', `Bearer ${token}`).query({ expand: 'DETAIL' });
        await call().expect(404);
        await call().expect(404);
        limited.clock.advance(20 * 60_000);
        const refused = await call().expect(429);
        expect(refused.headers['retry-after']).toBe(String(40 * 60));
        expectEnvelope(refused.body, 429, /^Exceeded quota limit\./);
        limited.clock.advance(40 * 60_000);
        await call().expect(404);
      } finally {
        await limited.close();
      }
    });

    it('should serve queued faults in USPS\'s format', async () => {
      const controls = sut.app.get(CarrierControls);
      const token = await issueToken();
      const n = newUspsTrackingNumber();
      controls.queueFault('usps', { fault: { kind: 'status', status: 503, retryAfterSeconds: 7 }, count: 1, endpoint: 'track' });
      const unavailable = await track(n, token).expect(503);
      expect(unavailable.headers['retry-after']).toBe('7');
      expectEnvelope(unavailable.body, 503, 'Service Unavailable');

      controls.queueFault('usps', { fault: { kind: 'status', status: 500 }, count: 1, endpoint: 'track' });
      const failed = await track(n, token).expect(500);
      expect(failed.headers['retry-after']).toBeUndefined();

      controls.queueFault('usps', { fault: { kind: 'status', status: 429, retryAfterSeconds: 30 }, count: 1, endpoint: 'track' });
      expect((await track(n, token).expect(429)).headers['retry-after']).toBe('30');

      await sut.parcels.insert(parcel(n, 'delivered'));
      controls.queueFault('usps', { fault: { kind: 'malformed' }, count: 1, endpoint: 'track' });
      const malformed = await track(n, token)
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          res.on('end', () => done(null, text));
        })
        .expect(200)
        .expect('Content-Type', /json/);
      expect(() => JSON.parse(malformed.body as string) as unknown).toThrow();
      await track(n, token).expect(200);

      controls.queueFault('usps', { fault: { kind: 'status', status: 503 }, count: 1, endpoint: 'token' });
      expectEnvelope((await tokenRequest().expect(503)).body, 503);
      await tokenRequest().expect(200);
    });

    describe('every scenario, played to its end', () => {
      const expected: Record<ScenarioName, Partial<TrackingSnapshot> | null> = {
        delivered: { status: 'delivered', attempts: 0 },
        out_for_delivery_then_delivered: { status: 'delivered', attempts: 0 },
        delivered_with_signature: {
          status: 'delivered',
          proofOfDelivery: { signedBy: 'MORGAN', receivedBy: 'MORGAN', place: 'Left with Individual', hasSignature: true, hasProofOfDelivery: true },
        },
        failed_attempt_then_delivered: { status: 'delivered', attempts: 1 },
        available_for_pickup: {
          status: 'delivered',
          proofOfDelivery: {
            signedBy: 'RILEY',
            receivedBy: 'RILEY',
            place: 'Individual Picked Up at Post Office',
            hasSignature: true,
            hasProofOfDelivery: false,
          },
        },
        three_failed_attempts_then_returned: { status: 'returned', attempts: 3 },
        returned_to_sender: { status: 'returned', attempts: 1 },
        eta_slips: { status: 'delivered' },
        stalled_then_lost: { status: 'in_transit' },
        exception_damaged: { status: 'exception' },
        not_found: null,
        delivered_to_access_point: {
          status: 'delivered',
          proofOfDelivery: { signedBy: 'RILEY', place: 'Individual Picked Up at Post Office', hasSignature: true, hasProofOfDelivery: false },
        },
      };

      it.each(SCENARIO_NAMES.map((name) => [name]))('%s', async (scenario) => {
        const n = newUspsTrackingNumber();
        await sut.parcels.insert(parcel(n, scenario));
        const token = await issueToken();
        // The longest scenario spans 150 simulated hours: 270 real seconds at speed 2000.
        sut.clock.advance(300_000);
        const want = expected[scenario];
        if (want === null) {
          await track(n, token).expect(404);
          return;
        }
        const snapshot = snapshotOf((await track(n, token).expect(200)).body, n);
        expect(snapshot).toMatchObject(want);
        const times = snapshot.events.map((e) => Date.parse(e.occurredAt));
        expect(times).toEqual([...times].sort((a, b) => a - b));
        expect(new Set(snapshot.events.map((e) => e.fingerprint)).size).toBe(snapshot.events.length);
      });
    });
  });
});
