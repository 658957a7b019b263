import request from 'supertest';
import { IS_PUBLIC } from '../../../src/auth/public.decorator';
import type { App } from 'supertest/types';
import { CarrierControls } from '../../../src/sandbox/controls/carrier-controls';
import type { SandboxParcel } from '../../../src/sandbox/parcels/sandbox-parcel.schema';
import { UpsEmulatorController } from '../../../src/sandbox/ups/ups-emulator.controller';
import type { UpsTrackResponse } from '../../../src/sandbox/ups/ups-track.types';
import { createSandboxTestApp, TEST_START, TEST_UPS_CLIENT, type SandboxTestApp } from './support/sandbox-test-app';

const TOKEN_PATH = '/sandbox/ups/security/v1/oauth/token';
const trackPath = (n: string): string => `/sandbox/ups/api/track/v1/details/${n}`;
const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const GOOD_BASIC = basic(TEST_UPS_CLIENT.clientId, TEST_UPS_CLIENT.clientSecret);

const shipmentOf = (body: unknown) => (body as UpsTrackResponse).trackResponse.shipment[0];
const errorMessage = (body: unknown): string =>
  (body as { response: { errors: { message: string }[] } }).response.errors[0].message;
const HEADERS = { transId: 't-1', transactionSrc: 'tests' };

const parcel = (trackingNumber: string, scenario: SandboxParcel['scenario']): SandboxParcel => ({
  trackingNumber,
  carrier: 'ups',
  scenario,
  speed: 2000,
  createdAt: TEST_START,
});

describe(UpsEmulatorController.name, () => {
  let sut: SandboxTestApp;
  let server: App;

  const tokenRequest = (authorization = GOOD_BASIC, form = 'grant_type=client_credentials') =>
    request(server).post(TOKEN_PATH).set('Authorization', authorization).type('form').send(form);

  const issueToken = async (): Promise<string> => {
    const response = await tokenRequest().expect(200);
    return (response.body as { access_token: string }).access_token;
  };

  const track = (n: string, token: string, headers: Record<string, string> = HEADERS) =>
    request(server).get(trackPath(n)).set('Authorization', `Bearer ${token}`).set(headers);

  const expectUpsError = (body: unknown, code: string): void =>
    expect(body).toEqual({ response: { errors: [{ code, message: expect.any(String) }] } });

  beforeEach(async () => {
    sut = await createSandboxTestApp({ limits: { ups: { rateLimit: { calls: 3, windowMs: 1_000 }, tokenTtlSeconds: 600 } } });
    server = sut.app.getHttpServer() as App;
  });

  afterEach(async () => sut.close());

  it('should be public: it checks UPS-style credentials, not the app API key', () => {
    expect(Reflect.getMetadata(IS_PUBLIC, UpsEmulatorController)).toBe(true);
  });

  describe('POST /security/v1/oauth/token', () => {
    it('should issue a Bearer token with every value a string', async () => {
      const response = await tokenRequest().expect(200).expect('Content-Type', /json/);
      expect(response.body).toEqual({
        token_type: 'Bearer',
        issued_at: String(TEST_START.getTime()),
        client_id: TEST_UPS_CLIENT.clientId,
        access_token: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/),
        scope: '',
        expires_in: '600',
        refresh_count: '0',
        status: 'approved',
      });
    });

    it('should default the token lifetime to 14399 seconds', async () => {
      const other = await createSandboxTestApp();
      try {
        const response = await request(other.app.getHttpServer() as App)
          .post(TOKEN_PATH)
          .set('Authorization', GOOD_BASIC)
          .type('form')
          .send('grant_type=client_credentials')
          .expect(200);
        expect((response.body as { expires_in: string }).expires_in).toBe('14399');
      } finally {
        await other.close();
      }
    });

    it('should refuse wrong, partial or missing credentials with 401', async () => {
      for (const authorization of [
        basic(TEST_UPS_CLIENT.clientId, 'wrong'),
        basic('someone-else', TEST_UPS_CLIENT.clientSecret),
        'Basic not-base64!',
        'Bearer whatever',
      ]) {
        const response = await tokenRequest(authorization).expect(401);
        expectUpsError(response.body, '10401');
      }
      const missing = await request(server)
        .post(TOKEN_PATH)
        .type('form')
        .send('grant_type=client_credentials')
        .expect(401);
      expectUpsError(missing.body, '10401');
    });

    it('should refuse other grants, a missing grant and a JSON body with 400', async () => {
      for (const form of ['grant_type=authorization_code', '', 'scope=x']) {
        expectUpsError((await tokenRequest(GOOD_BASIC, form).expect(400)).body, '10400');
      }
      const json = await request(server)
        .post(TOKEN_PATH)
        .set('Authorization', GOOD_BASIC)
        .send({ grant_type: 'client_credentials' })
        .expect(400);
      expectUpsError(json.body, '10400');
    });

    it('should parse the form itself when the app has no body parser', async () => {
      const bare = await createSandboxTestApp({ bodyParser: false });
      try {
        const response = await request(bare.app.getHttpServer() as App)
          .post(TOKEN_PATH)
          .set('Authorization', GOOD_BASIC)
          .type('form')
          .send('grant_type=client_credentials')
          .expect(200);
        expect((response.body as { token_type: string }).token_type).toBe('Bearer');
      } finally {
        await bare.close();
      }
    });
  });

  describe('GET /api/track/v1/details/:inquiryNumber', () => {
    it('should render a sandbox parcel for a valid token and headers', async () => {
      await sut.parcels.insert(parcel('1ZWAYB010300000018', 'delivered'));
      const token = await issueToken();
      sut.clock.advance(100_000);
      const response = await track('1ZWAYB010300000018', token).expect(200);
      const shipment = shipmentOf(response.body);
      expect(shipment.inquiryNumber).toBe('1ZWAYB010300000018');
      expect(shipment.package?.[0].currentStatus.statusCode).toBe('011');
    });

    it('should find the parcel whatever the case of the number, echoing it as sent', async () => {
      await sut.parcels.insert(parcel('1ZWAYB010300000018', 'delivered'));
      const response = await track('1zwayb010300000018', await issueToken()).expect(200);
      const shipment = shipmentOf(response.body);
      expect(shipment.inquiryNumber).toBe('1zwayb010300000018');
      expect(shipment.package).toHaveLength(1);
    });

    it('should include the signature only with returnSignature=true', async () => {
      await sut.parcels.insert(parcel('1ZWAYB010300000026', 'delivered_with_signature'));
      const token = await issueToken();
      // 49 simulated hours at speed 2000 is about 88 real seconds.
      sut.clock.advance(100_000);
      const signature = (body: unknown): unknown => shipmentOf(body).package?.[0].deliveryInformation?.signature;
      expect(signature((await track('1ZWAYB010300000026', token).expect(200)).body)).toBeUndefined();
      const withSignature = await track('1ZWAYB010300000026', token).query({ returnSignature: 'true' }).expect(200);
      expect(signature(withSignature.body)).toEqual({ image: expect.any(String) });
    });

    it('should answer unknown numbers and not_found parcels with 200 and TW0001', async () => {
      await sut.parcels.insert(parcel('1ZWAYB010300000034', 'not_found'));
      const token = await issueToken();
      for (const n of ['1ZWAYB010300000034', '1Z9999999999999999', '1Z5629230309413682xxxx']) {
        const response = await track(n, token).expect(200);
        expect(response.body).toEqual({
          trackResponse: {
            shipment: [{ inquiryNumber: n, warnings: [{ code: 'TW0001', message: 'Tracking Information Not Found' }] }],
          },
        });
      }
    });

    it('should refuse inquiry numbers outside 7-34 characters with 400 TV1002', async () => {
      const token = await issueToken();
      expectUpsError((await track('1Z123', token).expect(400)).body, 'TV1002');
      expectUpsError((await track('1'.repeat(35), token).expect(400)).body, 'TV1002');
    });

    it('should require a Bearer token this emulator issued', async () => {
      const noAuth = await request(server).get(trackPath('1Z9999999999999999')).set(HEADERS);
      expect(noAuth.status).toBe(401);
      expectUpsError(noAuth.body, '250002');
      expectUpsError((await track('1Z9999999999999999', 'forged-token').expect(401)).body, '250002');
      const basicInstead = await request(server)
        .get(trackPath('1Z9999999999999999'))
        .set({ Authorization: GOOD_BASIC, transId: 't', transactionSrc: 's' })
        .expect(401);
      expectUpsError(basicInstead.body, '250002');
    });

    it('should say when the token has expired', async () => {
      const token = await issueToken();
      sut.clock.advance(599_000);
      await track('1Z9999999999999999', token).expect(200);
      sut.clock.advance(1_000);
      expectUpsError((await track('1Z9999999999999999', token).expect(401)).body, '251004');
    });

    it('should require transId and transactionSrc', async () => {
      const token = await issueToken();
      // Four calls here; step past the per-second limit so only the headers are judged.
      const nextSecond = (): void => sut.clock.advance(1_000);
      const noTransId = await track('1Z9999999999999999', token, { transactionSrc: 'tests' }).expect(400);
      expectUpsError(noTransId.body, '10400');
      expect(errorMessage(noTransId.body)).toContain('transId');
      nextSecond();
      const noSource = await track('1Z9999999999999999', token, { transId: 't-1' }).expect(400);
      expect(errorMessage(noSource.body)).toContain('transactionSrc');
      nextSecond();
      await track('1Z9999999999999999', token, { transId: ' ', transactionSrc: 'tests' }).expect(400);
      nextSecond();
      await track('1Z9999999999999999', token, { transId: 'x'.repeat(129), transactionSrc: 'tests' }).expect(400);
    });

    it('should rate-limit each client with 429 10429 and no Retry-After, then recover', async () => {
      const token = await issueToken();
      for (let i = 0; i < 3; i++) await track('1Z9999999999999999', token).expect(200);
      const limited = await track('1Z9999999999999999', token).expect(429);
      expectUpsError(limited.body, '10429');
      expect(limited.headers['retry-after']).toBeUndefined();
      expect(Object.keys(limited.headers).filter((h) => h.includes('ratelimit'))).toEqual([]);
      sut.clock.advance(1_000);
      await track('1Z9999999999999999', token).expect(200);
    });

    it('should fail the next N calls when the fault switch says so', async () => {
      const token = await issueToken();
      sut.app.get(CarrierControls).queueFault('ups', { fault: { kind: 'status', status: 503 }, count: 2, endpoint: 'track' });
      expectUpsError((await track('1Z9999999999999999', token).expect(503)).body, '10004');
      await track('1Z9999999999999999', token).expect(503);
      await track('1Z9999999999999999', token).expect(200);

      sut.app.get(CarrierControls).queueFault('ups', { fault: { kind: 'status', status: 429 }, count: 1, endpoint: 'token' });
      const refused = await tokenRequest().expect(429);
      expectUpsError(refused.body, '10429');
      expect(refused.headers['retry-after']).toBeUndefined();
      await tokenRequest().expect(200);
    });
  });
});
