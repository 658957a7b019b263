import request from 'supertest';
import type { App } from 'supertest/types';
import { IS_PUBLIC } from '../../../src/auth/public.decorator';
import { SANDBOX_SMS_ACCOUNT_SID, SANDBOX_SMS_AUTH_TOKEN } from '../../../src/config/config';
import { SmsEmulatorController } from '../../../src/sandbox/sms/sms-emulator.controller';
import { SMS_IDEMPOTENCY_TOKEN_TTL_MS } from '../../../src/sandbox/sms/sms-emulator.service';
import { createSandboxTestApp, TEST_START, type SandboxTestApp } from './support/sandbox-test-app';

const MESSAGES = `/sandbox/twilio/2010-04-01/Accounts/${SANDBOX_SMS_ACCOUNT_SID}/Messages.json`;
const BASIC = `Basic ${Buffer.from(`${SANDBOX_SMS_ACCOUNT_SID}:${SANDBOX_SMS_AUTH_TOKEN}`).toString('base64')}`;
const TO = '+447400123456';
const FROM = '+15005550006';
const form = { To: TO, From: FROM, Body: 'Your order A-1001 has shipped.' };

const twilioError = (status: number, code: number) => ({ code, message: expect.any(String), more_info: `https://www.twilio.com/docs/errors/${code}`, status });

describe(SmsEmulatorController.name, () => {
  let sut: SandboxTestApp;
  let server: App;

  const start = async (bodyParser = true) => {
    sut = await createSandboxTestApp({ globalZodPipe: true, bodyParser });
    server = sut.app.getHttpServer() as App;
  };
  afterEach(async () => sut.close());

  const send = (body: Record<string, string> = form, token: string | null = 'token-1', auth: string | null = BASIC, path = MESSAGES) => {
    let call = request(server).post(path).type('form').send(body);
    if (token !== null) call = call.set('I-Twilio-Idempotency-Token', token);
    return auth === null ? call : call.set('Authorization', auth);
  };
  const controls = () => request(server).get('/sandbox/sms/controls').expect(200);

  describe('with the app parsing forms', () => {
    beforeEach(() => start());

    it('should be public: it checks its own credentials, not the app API key', () => {
      expect(Reflect.getMetadata(IS_PUBLIC, SmsEmulatorController)).toBe(true);
    });

    it('should answer 201 with a Twilio message resource and record the message with its segments', async () => {
      const response = await send().expect(201);
      expect(response.body).toEqual({
        account_sid: SANDBOX_SMS_ACCOUNT_SID,
        api_version: '2010-04-01',
        body: form.Body,
        date_created: 'Mon, 02 Mar 2026 15:00:00 +0000',
        date_sent: null,
        date_updated: 'Mon, 02 Mar 2026 15:00:00 +0000',
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from: FROM,
        messaging_service_sid: null,
        num_media: '0',
        num_segments: '1',
        price: null,
        price_unit: 'USD',
        sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
        status: 'queued',
        subresource_uris: { media: expect.stringMatching(/^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Messages\/SM[0-9a-f]{32}\/Media\.json$/) },
        to: TO,
        uri: `/2010-04-01/Accounts/${SANDBOX_SMS_ACCOUNT_SID}/Messages/${response.body.sid}.json`,
      });
      expect(sut.sms.messages.messages).toEqual([
        expect.objectContaining({ _id: response.body.sid, to: TO, from: FROM, encoding: 'GSM-7', segments: 1, characters: 30, idempotencyToken: 'token-1', createdAt: TEST_START }),
      ]);
    });

    it('should count UCS-2 segments, and answer a Messaging Service send as accepted with 0 segments', async () => {
      const body = `📦 ${'ж'.repeat(80)}`;
      const response = await send({ To: TO, MessagingServiceSid: 'MG0123456789abcdef0123456789abcdef', Body: body }, null).expect(201);
      expect(response.body).toMatchObject({ from: null, messaging_service_sid: 'MG0123456789abcdef0123456789abcdef', status: 'accepted', num_segments: '0' });
      expect(sut.sms.messages.messages[0]).toMatchObject({ encoding: 'UCS-2', segments: 2, characters: 83 });
      expect(sut.sms.messages.messages[0].idempotencyToken).toBeUndefined();
    });

    it('should refuse missing or wrong credentials with 401 20003, and another account with 404 20404', async () => {
      const wrong = `Basic ${Buffer.from(`${SANDBOX_SMS_ACCOUNT_SID}:nope`).toString('base64')}`;
      for (const auth of [null, wrong, `Bearer ${SANDBOX_SMS_AUTH_TOKEN}`, 'Basic !!!']) {
        expect((await send(form, 'k', auth).expect(401)).body).toEqual(twilioError(401, 20003));
      }
      const other = 'AC00000000000000000000000000000000';
      expect((await send(form, 'k', BASIC, MESSAGES.replace(SANDBOX_SMS_ACCOUNT_SID, other)).expect(404)).body).toEqual(twilioError(404, 20404));
      expect(sut.sms.messages.messages).toEqual([]);
    });

    it("should refuse a bad 'To', a missing sender or body with Twilio's codes, recording nothing", async () => {
      const cases: Array<[Record<string, string>, number]> = [
        [{ From: FROM, Body: 'hi' }, 21604],
        [{ ...form, To: '07400 123456' }, 21211],
        [{ ...form, To: '+11234567890' }, 21211],
        [{ ...form, To: '+44 7400 123456' }, 21211],
        [{ To: TO, Body: 'hi' }, 21603],
        [{ To: TO, From: FROM }, 21602],
        [{ ...form, Body: '   ' }, 21602],
        [{ ...form, Body: 'a'.repeat(1_601) }, 21617],
      ];
      for (const [body, code] of cases) expect((await send(body, null).expect(400)).body).toEqual(twilioError(400, code));
      expect(sut.sms.messages.messages).toEqual([]);
      expect((await controls()).body.stats).toMatchObject({ calls: cases.length, rejected: cases.length, accepted: 0 });
    });

    it('should answer a repeated idempotency token with the same resource for 24 hours, recording one message', async () => {
      const first = await send().expect(201);
      const again = await send({ ...form, Body: 'something else' }).expect(201);
      expect(again.body).toEqual(first.body);
      expect(sut.sms.messages.messages).toHaveLength(1);
      // Another token, or none, is another message.
      await send(form, 'token-2').expect(201);
      await send(form, null).expect(201);
      expect(sut.sms.messages.messages).toHaveLength(3);

      sut.clock.advance(SMS_IDEMPOTENCY_TOKEN_TTL_MS + 1);
      const later = await send().expect(201);
      expect(later.body.sid).not.toBe(first.body.sid);
      expect(sut.sms.messages.messages).toHaveLength(4);
      expect((await controls()).body.stats).toMatchObject({ calls: 5, accepted: 4, replayed: 1 });
    });

    it('should refuse stopped numbers with 21610 until they are removed', async () => {
      await request(server).post('/sandbox/sms/stopped').send({ number: TO }).expect(201);
      expect((await controls()).body.stoppedNumbers).toEqual([TO]);
      expect((await send().expect(400)).body).toEqual(twilioError(400, 21610));
      expect(sut.sms.messages.messages).toEqual([]);
      // The refusal kept nothing under the token.
      await request(server).delete(`/sandbox/sms/stopped/${encodeURIComponent(TO)}`).expect(200);
      await send().expect(201);
      await request(server).delete(`/sandbox/sms/stopped/${encodeURIComponent(TO)}`).expect(404);
      await request(server).post('/sandbox/sms/stopped').send({ number: '07400 123456' }).expect(400);
    });

    it('should serve queued faults: 500 and 429 send nothing and keep no token', async () => {
      await request(server).post('/sandbox/sms/faults').send({ fault: { kind: 'server_error' }, count: 1 }).expect(201);
      await request(server).post('/sandbox/sms/faults').send({ fault: { kind: 'rate_limited' }, count: 1 }).expect(201);
      expect((await controls()).body.pendingFaults).toEqual([
        { fault: { kind: 'server_error' }, count: 1 },
        { fault: { kind: 'rate_limited' }, count: 1 },
      ]);
      expect((await send().expect(500)).body).toEqual(twilioError(500, 20500));
      expect((await send().expect(429)).body).toEqual(twilioError(429, 20429));
      expect(sut.sms.messages.messages).toEqual([]);
      await send().expect(201);
      expect(sut.sms.messages.messages).toHaveLength(1);
      expect((await controls()).body).toMatchObject({ pendingFaults: [], stats: { faults: 2, accepted: 1 } });
      await request(server).post('/sandbox/sms/faults').send({ fault: { kind: 'boom' }, count: 1 }).expect(400);
      await request(server).post('/sandbox/sms/faults').send({ fault: { kind: 'timeout' }, count: 0 }).expect(400);
    });

    it('should record a timed-out send and drop the answer; the repeat gets the same message', async () => {
      await request(server).post('/sandbox/sms/faults').send({ fault: { kind: 'timeout' }, count: 1 }).expect(201);
      await expect(send()).rejects.toThrow(/socket hang up|ECONNRESET/);
      expect(sut.sms.messages.messages).toHaveLength(1);
      const repeat = await send().expect(201);
      expect(repeat.body.sid).toBe(sut.sms.messages.messages[0]._id);
      expect(sut.sms.messages.messages).toHaveLength(1);
    });

    it('should hold a delayed send before looking at it, then send it', async () => {
      await request(server).post('/sandbox/sms/faults').send({ fault: { kind: 'delay', delayMs: 300 }, count: 1 }).expect(201);
      const started = Date.now();
      await send().expect(201);
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
      expect(sut.sms.messages.messages).toHaveLength(1);
      expect((await controls()).body).toMatchObject({ pendingFaults: [], stats: { faults: 1, accepted: 1, abandoned: 0 } });
    });

    it('should drop a delayed send unread when the client hangs up first: nothing sent, the token not taken', async () => {
      await request(server).post('/sandbox/sms/faults').send({ fault: { kind: 'delay', delayMs: 300 }, count: 1 }).expect(201);
      await expect(send().timeout(50)).rejects.toThrow(/Timeout/);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(sut.sms.messages.messages).toEqual([]);
      expect((await controls()).body).toMatchObject({ pendingFaults: [], stats: { calls: 0, faults: 1, abandoned: 1 } });
      await send().expect(201);
      expect(sut.sms.messages.messages).toHaveLength(1);
    });

    it('should serve a delay to the next request even when a send fault is queued ahead of it', async () => {
      await request(server).post('/sandbox/sms/faults').send({ fault: { kind: 'server_error' }, count: 1 }).expect(201);
      await request(server).post('/sandbox/sms/faults').send({ fault: { kind: 'delay', delayMs: 1 }, count: 1 }).expect(201);
      await send().expect(500);
      expect((await controls()).body).toMatchObject({ pendingFaults: [], stats: { faults: 2 } });
      await request(server).post('/sandbox/sms/faults').send({ fault: { kind: 'delay' }, count: 1 }).expect(400);
    });

    it('should answer 409 20409 while the first request with a token is still in progress', async () => {
      await sut.sms.keys.insert({ _id: `${SANDBOX_SMS_ACCOUNT_SID}:busy`, state: 'processing', firstUsedAt: TEST_START, expiresAt: new Date(TEST_START.getTime() + 60_000) });
      expect((await send(form, 'busy').expect(409)).body).toEqual(twilioError(409, 20409));
    });

    it('should list what it received, newest first, by number, with a limit', async () => {
      await send({ ...form, Body: 'one' }, null).expect(201);
      sut.clock.advance(1_000);
      await send({ ...form, To: '+4915123456789', Body: 'two' }, null).expect(201);
      sut.clock.advance(1_000);
      await send({ ...form, Body: 'three 😀' }, null).expect(201);
      const all = await request(server).get('/sandbox/sms').expect(200);
      expect(all.body.messages.map((m: { body: string }) => m.body)).toEqual(['three 😀', 'two', 'one']);
      expect(all.body.messages[0]).toEqual({
        sid: expect.stringMatching(/^SM/),
        to: TO,
        from: FROM,
        messagingServiceSid: null,
        body: 'three 😀',
        encoding: 'UCS-2',
        segments: 1,
        characters: 8,
        idempotencyToken: null,
        createdAt: new Date(TEST_START.getTime() + 2_000).toISOString(),
      });
      const mine = await request(server).get('/sandbox/sms').query({ to: TO, limit: 1 }).expect(200);
      expect(mine.body.messages.map((m: { body: string }) => m.body)).toEqual(['three 😀']);
      await request(server).get('/sandbox/sms').query({ to: 'nobody' }).expect(400);
      const unencoded = await request(server).get(`/sandbox/sms?to=${TO}`).expect(200);
      expect(unencoded.body.messages).toHaveLength(2);
      await request(server).get('/sandbox/sms').query({ limit: 0 }).expect(400);
    });

    it('should reset faults, stopped numbers and counters, keeping the messages', async () => {
      await send().expect(201);
      await request(server).post('/sandbox/sms/stopped').send({ number: TO }).expect(201);
      await request(server).post('/sandbox/sms/faults').send({ fault: { kind: 'server_error' }, count: 3 }).expect(201);
      const reset = await request(server).post('/sandbox/sms/reset').expect(200);
      expect(reset.body).toEqual({ pendingFaults: [], stoppedNumbers: [], stats: { calls: 0, accepted: 0, replayed: 0, rejected: 0, faults: 0, abandoned: 0 } });
      expect(sut.sms.messages.messages).toHaveLength(1);
    });
  });

  it('should parse the form itself when the app does not (bodyParser: false)', async () => {
    await start(false);
    await send().expect(201);
    expect(sut.sms.messages.messages).toEqual([expect.objectContaining({ to: TO, body: form.Body })]);
  });
});
