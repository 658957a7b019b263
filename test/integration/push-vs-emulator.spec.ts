import { PermanentDeliveryError } from '../../activities/notifications/outbox';
import { HttpPushSender } from '../../activities/notifications/push/http-push.sender';
import { PUSH_MESSAGE_TYPE, PushDeliveryError, PushFailureType, PushRejectedError, type PushMessage } from '../../activities/notifications/push/push-sender';
import { SANDBOX_PUSH_SIGNING_SECRET } from '../../src/config/config';
import type { MobilePushView } from '../../src/sandbox/mobile-push/mobile-push-emulator.service';
import { ContractSandbox } from '../support/contract-sandbox';

/**
 * The real HTTP sender against the mobile-push emulator over real HTTP, notifications in FerretDB:
 * what Waybill sends is what docs/push.md says, and the emulator verifies its signature.
 */
describe('HttpPushSender against the mobile-push emulator', () => {
  const sandbox = new ContractSandbox('mobile-push');
  let endpointUrl: string;
  let sender: HttpPushSender;
  let orders = 0;

  beforeAll(async () => {
    await sandbox.start('waybill_push_contract', {});
    endpointUrl = `${sandbox.baseUrl}/v1/notifications`;
    sender = new HttpPushSender({ endpointUrl, signingSecret: SANDBOX_PUSH_SIGNING_SECRET, timeoutMs: 2_000 });
  }, 90_000);

  afterAll(async () => {
    await sandbox.stop();
  }, 60_000);

  beforeEach(async () => controls({ reset: true }));

  const newOrder = () => `PUSH-${Date.now()}-${++orders}`;
  const message = (orderId: string, patch: Partial<PushMessage> = {}): PushMessage => ({
    id: `${orderId}|shipped|shp_1|push`,
    type: PUSH_MESSAGE_TYPE,
    createdAt: new Date().toISOString(),
    orderId,
    customerRef: `cus_${orderId}`,
    milestone: 'shipped',
    title: `Your order ${orderId} has shipped`,
    body: 'UPS has your parcel. Expected Thursday, March 5.',
    data: { orderId, shipmentId: 'shp_1', milestone: 'shipped', trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127' },
    locale: 'en-US',
    ...patch,
  });
  async function controls(body: object): Promise<void> {
    const response = await fetch(`${sandbox.baseUrl}/controls`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
  }
  /** What the emulator recorded for the order, newest first. */
  const received = async (orderId: string): Promise<MobilePushView[]> => {
    const response = await fetch(`${sandbox.baseUrl}?${new URLSearchParams({ orderId }).toString()}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { notifications: MobilePushView[] }).notifications;
  };
  const failureOf = async (promise: Promise<unknown>): Promise<Error> => {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    return err as Error;
  };

  it('delivers a notification: 202 { deliveredTo: 1 }, recorded once with its signature verified', async () => {
    const orderId = newOrder();
    const sent = message(orderId);
    await expect(sender.send(sent)).resolves.toEqual({ providerMessageId: sent.id, deliveredTo: 1 });
    expect(await received(orderId)).toEqual([
      expect.objectContaining({
        id: sent.id,
        orderId,
        customerRef: sent.customerRef,
        milestone: 'shipped',
        deliveredTo: 1,
        idempotencyKey: sent.id,
        signature: expect.objectContaining({ verified: true, webhookTimestamp: expect.any(Number) }),
        message: sent,
      }),
    ]);
  });

  it('records the same id once: a repeat is answered like the first', async () => {
    const orderId = newOrder();
    const sent = message(orderId);
    const first = await sender.send(sent);
    const again = await sender.send(sent);
    expect(again).toEqual(first);
    expect(await received(orderId)).toHaveLength(1);
  });

  it('turns a wrong secret into a retryable configuration error, recording nothing', async () => {
    const orderId = newOrder();
    const wrong = new HttpPushSender({ endpointUrl, signingSecret: `whsec_${Buffer.from('not-the-sandbox-secret-32-bytes!').toString('base64')}`, timeoutMs: 2_000 });
    const err = await failureOf(wrong.send(message(orderId)));
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err).toBeInstanceOf(PushDeliveryError);
    expect(err).toMatchObject({ type: PushFailureType.MISCONFIGURED, details: { httpStatus: 401 } });
    expect(err.message).toMatch(/PUSH_SIGNING_SECRET/);
    expect(await received(orderId)).toEqual([]);
  });

  it('makes a customer without devices a permanent failure (410 no_devices)', async () => {
    const orderId = newOrder();
    await controls({ noDevices: { add: [`cus_${orderId}`] } });
    const err = await failureOf(sender.send(message(orderId)));
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err).toBeInstanceOf(PushRejectedError);
    expect(err).toMatchObject({ code: 'no_devices', httpStatus: 410 });
    expect(await received(orderId)).toEqual([]);
  });

  it('makes an injected 429 retryable with Retry-After, and the retry delivers', async () => {
    const orderId = newOrder();
    await controls({ fault: { kind: 'rate_limited', retryAfterSeconds: 12 } });
    const err = await failureOf(sender.send(message(orderId)));
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ type: PushFailureType.RATE_LIMITED, retryAfterMs: 12_000, details: { httpStatus: 429 } });
    await expect(sender.send(message(orderId))).resolves.toMatchObject({ deliveredTo: 1 });
    expect(await received(orderId)).toHaveLength(1);
  });

  it('retries past an injected 500: one notification recorded', async () => {
    const orderId = newOrder();
    await controls({ fault: { kind: 'server_error' } });
    const err = await failureOf(sender.send(message(orderId)));
    expect(err).toMatchObject({ type: PushFailureType.UNAVAILABLE, details: { httpStatus: 500 } });
    await expect(sender.send(message(orderId))).resolves.toMatchObject({ deliveredTo: 1 });
    expect(await received(orderId)).toHaveLength(1);
  });

  it('survives a lost answer: a slow 202 times out, the retry is deduped by id', async () => {
    const orderId = newOrder();
    await controls({ fault: { kind: 'slow', delayMs: 1_500 } });
    const impatient = new HttpPushSender({ endpointUrl, signingSecret: SANDBOX_PUSH_SIGNING_SECRET, timeoutMs: 300 });
    const err = await failureOf(impatient.send(message(orderId)));
    expect(err).toMatchObject({ type: PushFailureType.UNAVAILABLE });
    expect(err.message).toMatch(/timed out/);
    await expect(sender.send(message(orderId))).resolves.toMatchObject({ deliveredTo: 1 });
    expect(await received(orderId)).toHaveLength(1);
  });
});
