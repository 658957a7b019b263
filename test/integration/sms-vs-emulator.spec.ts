import { PermanentDeliveryError } from '../../activities/notifications/outbox';
import { isE164 } from '../../activities/notifications/sms/phone-numbers';
import { SmsProviderError, SmsProviderFailureType, type SmsSent } from '../../activities/notifications/sms/sms-sender';
import { fitToSegments } from '../../activities/notifications/sms/sms-segments';
import { TwilioSmsSender } from '../../activities/notifications/sms/twilio-sms.sender';
import type { SmsControlsView } from '../../src/sandbox/sms/sms-controls.controller';
import type { SandboxSmsView } from '../../src/sandbox/sms/sms-render';
import { ContractSandbox } from '../support/contract-sandbox';

const ACCOUNT_SID = 'AC5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e';
const AUTH_TOKEN = 'contract-sms-auth-token';
const FROM = '+15005550006';

/**
 * The real Twilio sender against the sandbox's Twilio emulator over real HTTP, messages and
 * idempotency tokens in FerretDB: what Waybill sends is what docs/sms.md says, and failures land on
 * the side (permanent or retryable) the notification activity relies on.
 */
describe('TwilioSmsSender against the SMS emulator', () => {
  const sandbox = new ContractSandbox('twilio');
  let origin: string;
  let sender: TwilioSmsSender;
  let numbers = 0;
  let keys = 0;

  beforeAll(async () => {
    await sandbox.start('waybill_sms_contract', { sms: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN } });
    origin = new URL(sandbox.baseUrl).origin;
    sender = new TwilioSmsSender({ baseUrl: sandbox.baseUrl, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FROM, timeoutMs: 2_000 });
  }, 90_000);

  afterAll(async () => {
    await sandbox.stop();
  }, 60_000);

  beforeEach(async () => {
    await fetch(`${origin}/sandbox/sms/reset`, { method: 'POST' });
  });

  /** A fresh valid UK mobile number per test, so each test reads only its own messages. */
  const newNumber = () => {
    const number = `+4474001234${String(++numbers).padStart(2, '0')}`;
    expect(isE164(number)).toBe(true);
    return number;
  };
  const newKey = () => `ORD-${Date.now()}-${++keys}|shipped|shp_1|sms`;
  const received = async (to: string): Promise<SandboxSmsView[]> => {
    const response = await fetch(`${origin}/sandbox/sms?${new URLSearchParams({ to }).toString()}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { messages: SandboxSmsView[] }).messages;
  };
  const control = async (path: string, body: object): Promise<SmsControlsView> => {
    const response = await fetch(`${origin}/sandbox/sms/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(201);
    return (await response.json()) as SmsControlsView;
  };
  const failureOf = (promise: Promise<SmsSent>): Promise<Error> =>
    promise.then(
      () => {
        throw new Error('expected the send to fail');
      },
      (err: unknown) => err as Error,
    );

  it('sends: the emulator records the message with its encoding and segments, under the SID the sender returns', async () => {
    const to = newNumber();
    const key = newKey();
    const sent = await sender.send({ to, body: 'Your order A-1001 has shipped with UPS.', idempotencyKey: key });
    expect(sent).toEqual({ providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/), segments: 1 });
    expect(await received(to)).toEqual([
      expect.objectContaining({ sid: sent.providerMessageId, to, from: FROM, body: 'Your order A-1001 has shipped with UPS.', encoding: 'GSM-7', segments: 1, idempotencyToken: key }),
    ]);
  });

  it('counts a long UCS-2 message, cut to the two-segment budget, as two segments on both sides', async () => {
    const to = newNumber();
    const body = fitToSegments(`📦 Ваш заказ отправлен. ${'Посылка в пути, ожидайте доставку. '.repeat(6)}`);
    const sent = await sender.send({ to, body, idempotencyKey: newKey() });
    expect(sent.segments).toBe(2);
    expect(await received(to)).toEqual([expect.objectContaining({ body, encoding: 'UCS-2', segments: 2 })]);
  });

  it('sends once per idempotency key: the repeat gets the same SID and nothing new is recorded', async () => {
    const to = newNumber();
    const message = { to, body: 'Out for delivery today.', idempotencyKey: newKey() };
    const first = await sender.send(message);
    const second = await sender.send(message);
    expect(second).toEqual(first);
    expect(await received(to)).toHaveLength(1);
  });

  it('refuses an invalid number for good without reaching the provider', async () => {
    for (const to of ['07400 123456', '+11234567890', '+44 7400 123456']) {
      expect(await failureOf(sender.send({ to, body: 'hi', idempotencyKey: newKey() }))).toBeInstanceOf(PermanentDeliveryError);
    }
    const view = (await (await fetch(`${origin}/sandbox/sms/controls`)).json()) as SmsControlsView;
    expect(view.stats).toMatchObject({ calls: 0, accepted: 0 });
  });

  it('refuses a stopped number for good with 21610, recording nothing', async () => {
    const to = newNumber();
    await control('stopped', { number: to });
    const err = await failureOf(sender.send({ to, body: 'Delivered.', idempotencyKey: newKey() }));
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err.message).toContain('21610');
    expect(err.message).not.toContain(to);
    expect(await received(to)).toEqual([]);
  });

  it('retries an injected 500, and the retry with the same key sends exactly one message', async () => {
    const to = newNumber();
    const message = { to, body: 'Your parcel was delivered.', idempotencyKey: newKey() };
    await control('faults', { fault: { kind: 'server_error' }, count: 1 });
    const err = await failureOf(sender.send(message));
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ name: 'SmsProviderError', type: SmsProviderFailureType.UNAVAILABLE, details: { httpStatus: 500, providerCode: 20500 } });
    expect(await received(to)).toEqual([]);
    const sent = await sender.send(message);
    expect(await received(to)).toEqual([expect.objectContaining({ sid: sent.providerMessageId })]);
  });

  it('retries a 429 as rate limited', async () => {
    await control('faults', { fault: { kind: 'rate_limited' }, count: 1 });
    await expect(sender.send({ to: newNumber(), body: 'hi', idempotencyKey: newKey() })).rejects.toMatchObject({ type: SmsProviderFailureType.RATE_LIMITED });
  });

  it('survives a lost answer: the message was accepted, and the retry with the same key returns it without a second send', async () => {
    const to = newNumber();
    const message = { to, body: 'Your order is ready for pickup.', idempotencyKey: newKey() };
    await control('faults', { fault: { kind: 'timeout', delayMs: 3_000 }, count: 1 });
    const lost = await failureOf(sender.send(message));
    expect(lost).toBeInstanceOf(SmsProviderError);
    expect(lost.message).toMatch(/timed out after 2000 ms/);
    const [recorded] = await received(to);
    const retry = await sender.send(message);
    expect(retry.providerMessageId).toBe(recorded.sid);
    expect(await received(to)).toHaveLength(1);
  });

  it('turns a wrong auth token into a retryable configuration failure, never a permanent one', async () => {
    const wrong = new TwilioSmsSender({ baseUrl: sandbox.baseUrl, accountSid: ACCOUNT_SID, authToken: 'wrong', from: FROM, timeoutMs: 2_000 });
    const err = await failureOf(wrong.send({ to: newNumber(), body: 'hi', idempotencyKey: newKey() }));
    expect(err).toMatchObject({ type: SmsProviderFailureType.AUTH_FAILED, details: { httpStatus: 401, providerCode: 20003 } });
  });
});
