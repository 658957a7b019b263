import { PermanentDeliveryError } from '../../../../activities/notifications/outbox';
import { SmsProviderError, SmsProviderFailureType } from '../../../../activities/notifications/sms/sms-sender';
import { TwilioSmsSender, type TwilioSmsSenderOptions } from '../../../../activities/notifications/sms/twilio-sms.sender';
import { ScriptedServer, sendJson, sendText } from '../../carriers/support/scripted-server';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = 'test-auth-token';
const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
const SID = 'SM0123456789abcdef0123456789abcdef';
const TO = '+447400123456';

const resource = (patch: Record<string, unknown> = {}) => ({
  account_sid: ACCOUNT_SID,
  sid: SID,
  to: TO,
  from: '+15005550006',
  body: 'Your parcel is out for delivery.',
  status: 'queued',
  num_segments: '1',
  ...patch,
});
const twilioError = (status: number, code: number) => ({ code, message: `The 'To' number ${TO} is refused`, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

describe(TwilioSmsSender.name, () => {
  const server = new ScriptedServer();
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.requests.length = 0;
    server.handler = (_req, res) => sendJson(res, 201, resource());
  });

  const sender = (options: Partial<TwilioSmsSenderOptions> = {}) =>
    new TwilioSmsSender({ baseUrl, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', timeoutMs: 1_000, ...options });
  const send = (options: Partial<TwilioSmsSenderOptions> = {}, to = TO) =>
    sender(options).send({ to, body: 'Your parcel is out for delivery.', idempotencyKey: 'order-1|out_for_delivery|sms' });
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (err: unknown) => err as Error,
    );

  it('posts the form Twilio expects, with Basic auth and the idempotency token', async () => {
    await expect(send({ baseUrl: `${baseUrl}/` })).resolves.toEqual({ providerMessageId: SID, segments: 1 });
    const [call] = server.requests;
    expect(call.method).toBe('POST');
    expect(call.pathname).toBe(MESSAGES_PATH);
    expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(call.headers['i-twilio-idempotency-token']).toBe('order-1|out_for_delivery|sms');
    expect(Object.fromEntries(new URLSearchParams(call.body))).toEqual({ To: TO, From: '+15005550006', Body: 'Your parcel is out for delivery.' });
  });

  it('sends through a Messaging Service instead of From when one is configured, counting segments itself when Twilio says 0', async () => {
    server.handler = (_req, res) => sendJson(res, 201, resource({ from: null, status: 'accepted', num_segments: '0' }));
    const result = await sender({ messagingServiceSid: 'MG0123456789abcdef0123456789abcdef' }).send({ to: TO, body: 'x'.repeat(200), idempotencyKey: 'k' });
    expect(result).toEqual({ providerMessageId: SID, segments: 2 });
    expect(Object.fromEntries(new URLSearchParams(server.requests[0].body))).toEqual({ To: TO, MessagingServiceSid: 'MG0123456789abcdef0123456789abcdef', Body: 'x'.repeat(200) });
  });

  it('refuses a recipient that is not a valid E.164 number without calling the provider', async () => {
    for (const to of ['07400 123456', '+44 7400 123456', '+11234567890', '']) {
      const err = await failureOf(send({}, to));
      expect(err).toBeInstanceOf(PermanentDeliveryError);
      expect(err.message).not.toContain('7400');
    }
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [21211, 'invalid'],
    [21610, 'unsubscribed'],
    [21614, 'not a mobile'],
    [21408, 'region'],
  ])('turns a 400 with code %s into a PermanentDeliveryError naming the code, never the number', async (code, words) => {
    server.handler = (_req, res) => sendJson(res, 400, twilioError(400, code));
    const err = await failureOf(send());
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toContain(String(code));
    expect(err.message).toContain(words);
    expect(err.message).not.toContain(TO);
  });

  it.each([401, 403])('turns %s into a retryable configuration failure', async (status) => {
    server.handler = (_req, res) => sendJson(res, status, twilioError(status, 20003));
    const err = await failureOf(send());
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err).toBeInstanceOf(SmsProviderError);
    expect(err).toMatchObject({ type: SmsProviderFailureType.AUTH_FAILED, details: { httpStatus: status, providerCode: 20003 } });
    expect(err.message).toMatch(/account SID or auth token is refused/);
    expect(err.message).not.toContain(AUTH_TOKEN);
  });

  it('treats an unknown account (404 20404) as a configuration failure too', async () => {
    server.handler = (_req, res) => sendJson(res, 404, twilioError(404, 20404));
    await expect(send()).rejects.toMatchObject({ type: SmsProviderFailureType.AUTH_FAILED });
  });

  it('retries 429 with its Retry-After, and 5xx', async () => {
    server.handler = (_req, res) => sendJson(res, 429, twilioError(429, 20429), { 'retry-after': '7' });
    await expect(send()).rejects.toMatchObject({ name: 'SmsProviderError', type: SmsProviderFailureType.RATE_LIMITED, details: { retryAfterMs: 7_000 } });
    for (const status of [500, 502, 503]) {
      server.handler = (_req, res) => sendJson(res, status, twilioError(status, 20500));
      await expect(send()).rejects.toMatchObject({ type: SmsProviderFailureType.UNAVAILABLE, details: { httpStatus: status } });
    }
    server.handler = (_req, res) => sendText(res, 502, '<html>Bad gateway</html>', 'text/html');
    await expect(send()).rejects.toMatchObject({ type: SmsProviderFailureType.UNAVAILABLE });
  });

  it('retries a 409 (the token in use) and a refusal that is not about the recipient', async () => {
    server.handler = (_req, res) => sendJson(res, 409, twilioError(409, 20409));
    await expect(send()).rejects.toMatchObject({ type: SmsProviderFailureType.BUSY });
    server.handler = (_req, res) => sendJson(res, 400, twilioError(400, 21606)); // From not SMS-capable
    const err = await failureOf(send());
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ type: SmsProviderFailureType.REFUSED, details: { providerCode: 21606 } });
    // A 4xx without Twilio's envelope came from something in between.
    server.handler = (_req, res) => sendText(res, 400, 'bad request', 'text/plain');
    await expect(send()).rejects.toMatchObject({ type: SmsProviderFailureType.UNAVAILABLE });
  });

  it('retries a timeout, a dropped connection and a success it cannot read', async () => {
    server.handler = async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      sendJson(res, 201, resource());
    };
    const slow = await failureOf(send({ timeoutMs: 100 }));
    expect(slow).toMatchObject({ type: SmsProviderFailureType.UNAVAILABLE });
    expect(slow.message).toMatch(/timed out after 100 ms/);

    server.handler = (_req, res) => {
      res.socket?.destroy();
    };
    await expect(send()).rejects.toMatchObject({ type: SmsProviderFailureType.UNAVAILABLE, message: expect.stringMatching(/failed before an answer/) });

    server.handler = (_req, res) => sendJson(res, 201, { sid: 'not-a-sid' });
    await expect(send()).rejects.toMatchObject({ type: SmsProviderFailureType.UNAVAILABLE });
  });

  it("gives the caller's cancellation back untouched", async () => {
    server.handler = async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      sendJson(res, 201, resource());
    };
    const controller = new AbortController();
    const sending = sender().send({ to: TO, body: 'hi', idempotencyKey: 'k' }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled by Temporal')), 50);
    await expect(sending).rejects.toThrow('cancelled by Temporal');
  });

  it('needs a sender', () => {
    expect(() => sender({ from: undefined })).toThrow(/From number or a Messaging Service SID/);
  });
});
