import { getModelToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { App } from 'supertest/types';
import { fedexTrackResponseSchema } from '../../../activities/carriers/fedex/fedex.schemas';
import { IS_PUBLIC } from '../../../src/auth/public.decorator';
import { CarrierControls } from '../../../src/sandbox/controls/carrier-controls';
import { FedexEmulatorController } from '../../../src/sandbox/fedex/fedex-emulator.controller';
import { FEDEX_TOKEN_BLOCK_MS } from '../../../src/sandbox/fedex/fedex-token-throttle';
import type { FedexTrackResponse } from '../../../src/sandbox/fedex/fedex-track.types';
import { SandboxMailRepository } from '../../../src/sandbox/mail/sandbox-mail.repository';
import { SandboxEscrowIdempotencyKey } from '../../../src/sandbox/escrow/escrow-idempotency.schema';
import { SandboxEscrowTransaction } from '../../../src/sandbox/escrow/escrow-transaction.schema';
import { SandboxMail } from '../../../src/sandbox/mail/sandbox-mail.schema';
import { SandboxParcelRepository } from '../../../src/sandbox/parcels/sandbox-parcel.repository';
import { SandboxParcel } from '../../../src/sandbox/parcels/sandbox-parcel.schema';
import { SandboxPlatformWebhook } from '../../../src/sandbox/platform-webhooks/platform-webhook-receiver.schema';
import { SandboxSmsIdempotencyKey } from '../../../src/sandbox/sms/sms-idempotency.schema';
import { SandboxSmsMessage } from '../../../src/sandbox/sms/sms-message.schema';
import { SandboxMobilePush } from '../../../src/sandbox/mobile-push/mobile-push.schema';
import { SANDBOX_CLOCK } from '../../../src/sandbox/sandbox.options';
import { SandboxModule } from '../../../src/sandbox/sandbox.module';
import { SCENARIO_NAMES, type ScenarioName } from '../../../src/sandbox/scenarios';
import { FakeClock } from './support/fake-clock';
import { InMemorySandboxMailRepository, InMemorySandboxParcelRepository } from './support/in-memory-repositories';
import { createSandboxTestApp, TEST_FEDEX_CLIENT, TEST_START, TEST_UPS_CLIENT, type SandboxTestApp } from './support/sandbox-test-app';

const TOKEN_PATH = '/sandbox/fedex/oauth/token';
const TRACK_PATH = '/sandbox/fedex/track/v1/trackingnumbers';
const GOOD_FORM = {
  grant_type: 'client_credentials',
  client_id: TEST_FEDEX_CLIENT.clientId,
  client_secret: TEST_FEDEX_CLIENT.clientSecret,
};
const TN = '712345678903';
const UNKNOWN = '799531274483';

const parcel = (trackingNumber: string, scenario: ScenarioName, carrier: SandboxParcel['carrier'] = 'fedex'): SandboxParcel => ({
  trackingNumber,
  carrier,
  scenario,
  speed: 2000,
  createdAt: TEST_START,
});
const trackBody = (numbers: string[], includeDetailedScans = true) => ({
  includeDetailedScans,
  trackingInfo: numbers.map((trackingNumber) => ({ trackingNumberInfo: { trackingNumber } })),
});
const expectFedexError = (body: unknown, code: string): void =>
  expect(body).toEqual({ transactionId: expect.stringMatching(/^[0-9a-f-]{36}$/), errors: [{ code, message: expect.any(String) }] });
const resultsOf = (body: unknown) => (body as FedexTrackResponse).output.completeTrackResults;

describe(FedexEmulatorController.name, () => {
  let sut: SandboxTestApp;
  let server: App;

  const tokenRequest = (form: Record<string, string> = GOOD_FORM) => request(server).post(TOKEN_PATH).type('form').send(form);
  const issueToken = async (): Promise<string> => ((await tokenRequest().expect(200)).body as { access_token: string }).access_token;
  const track = (token: string, body: unknown = trackBody([TN])) =>
    request(server)
      .post(TRACK_PATH)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);

  beforeEach(async () => {
    sut = await createSandboxTestApp({ limits: { fedex: { rateLimit: { calls: 3, windowMs: 10_000 }, tokenTtlSeconds: 600 } } });
    server = sut.app.getHttpServer() as App;
  });

  afterEach(async () => sut.close());

  it('should be public: it checks FedEx-style credentials, not the app API key', () => {
    expect(Reflect.getMetadata(IS_PUBLIC, FedexEmulatorController)).toBe(true);
  });

  describe('POST /oauth/token', () => {
    it('should issue a bearer token with a numeric lifetime and the CXS scope', async () => {
      const response = await tokenRequest().expect(200).expect('Content-Type', /json/);
      expect(response.body).toEqual({
        access_token: expect.stringMatching(/^[A-Za-z0-9_-]{100,}$/),
        token_type: 'bearer',
        expires_in: 600,
        scope: 'CXS',
      });
    });

    it('should default the token lifetime to 3600 seconds', async () => {
      const other = await createSandboxTestApp();
      try {
        const response = await request(other.app.getHttpServer() as App)
          .post(TOKEN_PATH)
          .type('form')
          .send(GOOD_FORM)
          .expect(200);
        expect((response.body as { expires_in: number }).expires_in).toBe(3600);
      } finally {
        await other.close();
      }
    });

    it('should refuse wrong or missing credentials with 401 NOT.AUTHORIZED.ERROR', async () => {
      const forms: Record<string, string>[] = [
        { ...GOOD_FORM, client_secret: 'wrong' },
        { ...GOOD_FORM, client_id: 'someone-else' },
        { grant_type: 'client_credentials', client_id: TEST_FEDEX_CLIENT.clientId },
        { grant_type: 'client_credentials' },
      ];
      for (const form of forms) {
        expectFedexError((await tokenRequest(form).expect(401)).body, 'NOT.AUTHORIZED.ERROR');
      }
    });

    it('should not take the credentials over HTTP Basic or as JSON: FedEx reads the form body', async () => {
      const basic = `Basic ${Buffer.from(`${TEST_FEDEX_CLIENT.clientId}:${TEST_FEDEX_CLIENT.clientSecret}`).toString('base64')}`;
      const viaBasic = await request(server)
        .post(TOKEN_PATH)
        .set('Authorization', basic)
        .type('form')
        .send({ grant_type: 'client_credentials' })
        .expect(401);
      expectFedexError(viaBasic.body, 'NOT.AUTHORIZED.ERROR');
      expectFedexError((await request(server).post(TOKEN_PATH).send(GOOD_FORM).expect(401)).body, 'NOT.AUTHORIZED.ERROR');
    });

    it('should refuse other grants with 400', async () => {
      for (const grant_type of ['authorization_code', 'csp_credentials', '']) {
        expectFedexError((await tokenRequest({ ...GOOD_FORM, grant_type }).expect(400)).body, 'BAD.REQUEST.ERROR');
      }
    });

    it('should parse the form itself when the app has no body parser', async () => {
      const bare = await createSandboxTestApp({ bodyParser: false });
      try {
        const response = await request(bare.app.getHttpServer() as App)
          .post(TOKEN_PATH)
          .type('form')
          .send(GOOD_FORM)
          .expect(200);
        expect((response.body as { token_type: string }).token_type).toBe('bearer');
      } finally {
        await bare.close();
      }
    });

    it('should block an address that asks 15 times in 5 s with 403 for 10 minutes, extended while it keeps asking', async () => {
      for (let i = 0; i < 14; i++) await tokenRequest().expect(200);
      expectFedexError((await tokenRequest().expect(403)).body, 'FORBIDDEN.ERROR');
      // Right credentials or not, the address is blocked.
      sut.clock.advance(FEDEX_TOKEN_BLOCK_MS - 1_000);
      await tokenRequest().expect(403);
      sut.clock.advance(1_000);
      await tokenRequest().expect(200);
    });

    it('should block an address that asks once a second for two minutes, and keep the block while the hammering goes on', async () => {
      for (let i = 0; i < 119; i++) {
        await tokenRequest().expect(200);
        sut.clock.advance(1_000);
      }
      await tokenRequest().expect(403);
      for (let i = 0; i < 20; i++) {
        sut.clock.advance(1_000);
        await tokenRequest().expect(403);
      }
      // Still hammering at 1/s: the block now ends 10 minutes after the last breach.
      sut.clock.advance(FEDEX_TOKEN_BLOCK_MS - 1_000);
      await tokenRequest().expect(403);
      sut.clock.advance(1_000);
      await tokenRequest().expect(200);
    });

    it('should leave a client that asks every few seconds alone', async () => {
      for (let i = 0; i < 200; i++) {
        await tokenRequest().expect(200);
        sut.clock.advance(2_000);
      }
    });
  });

  describe('POST /track/v1/trackingnumbers', () => {
    it('should render a sandbox parcel, echoing the customer transaction id', async () => {
      await sut.parcels.insert(parcel(TN, 'delivered'));
      const token = await issueToken();
      sut.clock.advance(100_000);
      const response = await track(token).set('x-customer-transaction-id', 'waybill-42').expect(200).expect('Content-Type', /json/);
      expect(fedexTrackResponseSchema.safeParse(response.body).success).toBe(true);
      expect(response.body).toMatchObject({ transactionId: expect.any(String), customerTransactionId: 'waybill-42' });
      const [result] = resultsOf(response.body);
      expect(result.trackingNumber).toBe(TN);
      expect(result.trackResults[0].latestStatusDetail).toMatchObject({ code: 'DL', derivedCode: 'DL' });
    });

    it('should answer a batch in request order, unknown numbers with NOTFOUND inside the 200', async () => {
      await sut.parcels.insert(parcel(TN, 'delivered'));
      await sut.parcels.insert(parcel('712345678914', 'not_found'));
      await sut.parcels.insert(parcel('1ZWAYB010300000018', 'delivered', 'ups'));
      const response = await track(await issueToken(), trackBody([UNKNOWN, TN, '712345678914', '1ZWAYB010300000018'])).expect(200);
      const results = resultsOf(response.body);
      expect(results.map((r) => r.trackingNumber)).toEqual([UNKNOWN, TN, '712345678914', '1ZWAYB010300000018']);
      expect(results.map((r) => r.trackResults[0].error?.code ?? 'found')).toEqual([
        'TRACKING.TRACKINGNUMBER.NOTFOUND',
        'found',
        'TRACKING.TRACKINGNUMBER.NOTFOUND',
        'TRACKING.TRACKINGNUMBER.NOTFOUND',
      ]);
      expect(results[0].trackResults[0].trackingNumberInfo).toEqual({
        trackingNumber: UNKNOWN,
        carrierCode: '',
        trackingNumberUniqueId: '',
      });
    });

    it('should take 30 numbers and refuse 31 with 400', async () => {
      const token = await issueToken();
      const numbers = (n: number) => Array.from({ length: n }, (_, i) => `7000000000${String(i).padStart(2, '0')}`);
      expect(resultsOf((await track(token, trackBody(numbers(30))).expect(200)).body)).toHaveLength(30);
      expectFedexError((await track(token, trackBody(numbers(31))).expect(400)).body, 'INVALID.INPUT.EXCEPTION');
      expect(sut.app.get(CarrierControls).stats('fedex').trackedNumbers).toBe(30);
    });

    it('should refuse a request without tracking numbers with 400 TRACKING.TRACKINGNUMBER.EMPTY', async () => {
      const token = await issueToken();
      expectFedexError((await track(token, trackBody([])).expect(400)).body, 'TRACKING.TRACKINGNUMBER.EMPTY');
      expectFedexError((await track(token, { includeDetailedScans: true }).expect(400)).body, 'TRACKING.TRACKINGNUMBER.EMPTY');
      sut.clock.advance(10_000);
      expectFedexError((await track(token, trackBody(['  '])).expect(400)).body, 'TRACKING.TRACKINGNUMBER.EMPTY');
      expectFedexError(
        (await track(token, { includeDetailedScans: true, trackingInfo: [{ trackingNumberInfo: {} }] }).expect(400)).body,
        'TRACKING.TRACKINGNUMBER.EMPTY',
      );
    });

    it('should refuse a body that breaks the schema, or is not JSON, with 400', async () => {
      const token = await issueToken();
      expectFedexError((await track(token, { trackingInfo: trackBody([TN]).trackingInfo }).expect(400)).body, 'INVALID.INPUT.EXCEPTION');
      expectFedexError(
        (await track(token, { includeDetailedScans: 'yes', trackingInfo: 'x' }).expect(400)).body,
        'INVALID.INPUT.EXCEPTION',
      );
      const form = await request(server)
        .post(TRACK_PATH)
        .set('Authorization', `Bearer ${token}`)
        .type('form')
        .send({ trackingNumber: TN })
        .expect(400);
      expectFedexError(form.body, 'INVALID.INPUT.EXCEPTION');
      // Unparseable JSON is refused by the app's body parser before the emulator sees it: a 400, in Nest's envelope.
      await request(server)
        .post(TRACK_PATH)
        .set('Authorization', `Bearer ${token}`)
        .set('content-type', 'application/json')
        .send('{"includeDetailedScans":')
        .expect(400);
    });

    it('should send only the latest scan without includeDetailedScans', async () => {
      await sut.parcels.insert(parcel(TN, 'delivered'));
      sut.clock.advance(100_000);
      const response = await track(await issueToken(), trackBody([TN], false)).expect(200);
      expect(resultsOf(response.body)[0].trackResults[0].scanEvents).toHaveLength(1);
    });

    it('should refuse missing, forged, Basic and expired tokens with 401 NOT.AUTHORIZED.ERROR', async () => {
      expectFedexError(
        (
          await request(server)
            .post(TRACK_PATH)
            .send(trackBody([TN]))
            .expect(401)
        ).body,
        'NOT.AUTHORIZED.ERROR',
      );
      expectFedexError((await track('forged-token').expect(401)).body, 'NOT.AUTHORIZED.ERROR');
      const basic = await request(server)
        .post(TRACK_PATH)
        .set('Authorization', 'Basic abc')
        .send(trackBody([TN]))
        .expect(401);
      expectFedexError(basic.body, 'NOT.AUTHORIZED.ERROR');
      const token = await issueToken();
      sut.clock.advance(599_000);
      await track(token).expect(200);
      sut.clock.advance(1_000);
      expectFedexError((await track(token).expect(401)).body, 'NOT.AUTHORIZED.ERROR');
    });

    it('should not accept a token issued by the UPS emulator', async () => {
      const basic = `Basic ${Buffer.from(`${TEST_UPS_CLIENT.clientId}:${TEST_UPS_CLIENT.clientSecret}`).toString('base64')}`;
      const ups = await request(server)
        .post('/sandbox/ups/security/v1/oauth/token')
        .set('Authorization', basic)
        .type('form')
        .send('grant_type=client_credentials')
        .expect(200);
      await track((ups.body as { access_token: string }).access_token).expect(401);
    });

    it('should rate-limit each client per sliding 10 s window with 429 and no Retry-After, then recover', async () => {
      const token = await issueToken();
      for (let i = 0; i < 3; i++) await track(token).expect(200);
      const limited = await track(token).expect(429);
      expectFedexError(limited.body, 'TOO.MANY.REQUESTS.ERROR');
      expect((limited.body as { errors: { message: string }[] }).errors[0].message).toMatch(/too many requests in a short duration/);
      expect(limited.headers['retry-after']).toBeUndefined();
      sut.clock.advance(9_999);
      await track(token).expect(429);
      sut.clock.advance(1);
      await track(token).expect(200);
    });

    it('should enforce the daily quota with its own message until 00:00 GMT', async () => {
      sut.app.get(CarrierControls).configure('fedex', { quota: { calls: 2, windowMs: 86_400_000 } });
      const token = await issueToken();
      await track(token).expect(200);
      await track(token).expect(200);
      sut.clock.advance(10_000);
      const over = await track(token).expect(429);
      expect((over.body as { errors: { message: string }[] }).errors[0].message).toMatch(/Daily transaction quota exceeded/);
      expect(over.headers['retry-after']).toBeUndefined();
      // TEST_START is 15:00Z; the quota resets at midnight GMT.
      sut.clock.set(new Date('2026-03-03T00:00:00.000Z'));
      await track(await issueToken()).expect(200);
    });

    it('should fail the next N calls when the fault switch says so, in FedEx envelopes', async () => {
      const controls = sut.app.get(CarrierControls);
      const token = await issueToken();
      controls.queueFault('fedex', { fault: { kind: 'status', status: 503 }, count: 1, endpoint: 'track' });
      controls.queueFault('fedex', { fault: { kind: 'status', status: 500 }, count: 1, endpoint: 'track' });
      expectFedexError((await track(token).expect(503)).body, 'SERVICE.UNAVAILABLE.ERROR');
      expectFedexError((await track(token).expect(500)).body, 'INTERNAL.SERVER.ERROR');
      sut.clock.advance(10_000);
      controls.queueFault('fedex', { fault: { kind: 'status', status: 429 }, count: 1, endpoint: 'track' });
      const limited = await track(token).expect(429);
      expectFedexError(limited.body, 'TOO.MANY.REQUESTS.ERROR');
      expect(limited.headers['retry-after']).toBeUndefined();

      controls.queueFault('fedex', { fault: { kind: 'malformed' }, count: 1, endpoint: 'track' });
      const malformed = await track(token)
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          res.on('end', () => done(null, text));
        });
      expect(malformed.status).toBe(200);
      expect(() => JSON.parse(malformed.body as string)).toThrow();

      controls.queueFault('fedex', { fault: { kind: 'status', status: 503 }, count: 1, endpoint: 'token' });
      expectFedexError((await tokenRequest().expect(503)).body, 'SERVICE.UNAVAILABLE.ERROR');
      await tokenRequest().expect(200);
    });

    it.each(SCENARIO_NAMES)('should answer the %s scenario, played to its end, with a body the adapter accepts', async (scenario) => {
      await sut.parcels.insert(parcel(TN, scenario));
      sut.clock.advance(1_000_000);
      const response = await track(await issueToken()).expect(200);
      expect(fedexTrackResponseSchema.safeParse(response.body).success).toBe(true);
      const [result] = resultsOf(response.body);
      if (scenario === 'not_found') expect(result.trackResults[0].error?.code).toBe('TRACKING.TRACKINGNUMBER.NOTFOUND');
      else expect(result.trackResults[0].scanEvents?.length).toBeGreaterThan(0);
    });
  });

  describe('without FedEx credentials in the sandbox options', () => {
    it('should refuse every call with 401', async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [SandboxModule.register({ speed: 2000, smtpHost: '127.0.0.1', smtpPort: 0, ups: TEST_UPS_CLIENT })],
      })
        .overrideProvider(getModelToken(SandboxParcel.name))
        .useValue({})
        .overrideProvider(getModelToken(SandboxMail.name))
        .useValue({})
        .overrideProvider(getModelToken(SandboxEscrowTransaction.name))
        .useValue({})
        .overrideProvider(getModelToken(SandboxEscrowIdempotencyKey.name))
        .useValue({})
        .overrideProvider(getModelToken(SandboxPlatformWebhook.name))
        .useValue({})
        .overrideProvider(getModelToken(SandboxSmsMessage.name))
        .useValue({})
        .overrideProvider(getModelToken(SandboxSmsIdempotencyKey.name))
        .useValue({})
        .overrideProvider(getModelToken(SandboxMobilePush.name))
        .useValue({})
        .overrideProvider(SandboxParcelRepository)
        .useValue(new InMemorySandboxParcelRepository())
        .overrideProvider(SandboxMailRepository)
        .useValue(new InMemorySandboxMailRepository())
        .overrideProvider(SANDBOX_CLOCK)
        .useValue(new FakeClock(TEST_START).now)
        .compile();
      const app = moduleRef.createNestApplication({ logger: false });
      await app.init();
      try {
        const bare = app.getHttpServer() as App;
        expectFedexError((await request(bare).post(TOKEN_PATH).type('form').send(GOOD_FORM).expect(401)).body, 'NOT.AUTHORIZED.ERROR');
        expectFedexError(
          (
            await request(bare)
              .post(TRACK_PATH)
              .set('Authorization', 'Bearer anything')
              .send(trackBody([TN]))
              .expect(401)
          ).body,
          'NOT.AUTHORIZED.ERROR',
        );
      } finally {
        await app.close();
      }
    });
  });
});
