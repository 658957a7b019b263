import { Test, type TestingModule } from '@nestjs/testing';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createPlatformWebhookActivities } from '../../activities/platform-webhooks/platform-webhook.activities';
import { HttpPlatformWebhookSender, renderPlatformWebhookBody, signPlatformWebhook } from '../../activities/platform-webhooks/platform-webhook.sender';
import { PlatformWebhookFailureType, type OrderStatusWebhook, type PlatformWebhookDeliveryResult } from '../../activities/platform-webhooks/platform-webhook.types';
import { SANDBOX_PLATFORM_WEBHOOK_SECRET } from '../../src/config/config';
import { PersistenceModule } from '../../src/persistence/persistence.module';
import { PlatformWebhookDeadLettersRepository } from '../../src/persistence/platform-webhook-dead-letters.repository';
import { PlatformWebhooksService } from '../../src/platform-webhooks/platform-webhooks.service';
import type { PlatformWebhookReceiverControlsView, ReceivedPlatformWebhookView } from '../../src/sandbox/platform-webhooks/platform-webhook-receiver.controller';
import { ContractSandbox } from '../support/contract-sandbox';

/** The activity context without the SDK's console logging of every expected failure. */
const activityEnvironment = () => new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR', () => undefined) });

/**
 * The real activities, the real sender and the real dead-letter repository on FerretDB, against the
 * sandbox platform receiver over real HTTP (which verifies signatures with `standardwebhooks` and
 * keeps what it accepts in FerretDB too).
 */
describe('platform status webhooks against the sandbox receiver', () => {
  // ContractSandbox is the whole SandboxModule; its carrier argument only names `baseUrl`, unused here.
  const sandbox = new ContractSandbox('escrow');
  let receiverUrl = '';
  let sender: HttpPlatformWebhookSender;
  let deadLettersModule: TestingModule;
  let deadLetters: PlatformWebhookDeadLettersRepository;
  let orders = 0;

  beforeAll(async () => {
    await sandbox.start('waybill_platform_webhooks_contract', {});
    receiverUrl = `${new URL(sandbox.baseUrl).origin}/sandbox/platform-webhooks`;
    sender = new HttpPlatformWebhookSender({ url: receiverUrl, secret: SANDBOX_PLATFORM_WEBHOOK_SECRET, timeoutMs: 1_000 });
    deadLettersModule = await Test.createTestingModule({ imports: [PersistenceModule.forRoot(sandbox.mongoUri('waybill_platform_webhooks'))] }).compile();
    await deadLettersModule.init();
    deadLetters = deadLettersModule.get(PlatformWebhookDeadLettersRepository);
  }, 90_000);

  afterAll(async () => {
    await deadLettersModule?.close();
    await sandbox.stop();
  }, 60_000);

  beforeEach(() => controls('reset'));

  const newOrder = () => `PWS-${Date.now()}-${++orders}`;
  const event = (orderId: string, sequence: number, patch: Partial<OrderStatusWebhook> = {}): OrderStatusWebhook => ({
    orderId,
    sequence,
    status: 'shipped',
    previousStatus: 'processing',
    occurredAt: '2026-11-20T10:00:00.000Z',
    shipments: [{ shipmentId: 'shp_0123456789abcdef01234567', carrier: 'fedex', trackingNumber: '123456789012', status: 'in_transit' }],
    ...patch,
  });
  const activities = (withSender: HttpPlatformWebhookSender = sender) => createPlatformWebhookActivities({ sender: withSender, deadLetters });
  const deliver = (input: OrderStatusWebhook, withSender?: HttpPlatformWebhookSender): Promise<PlatformWebhookDeliveryResult> =>
    activityEnvironment().run(activities(withSender).deliverOrderStatusWebhook, input);
  const failureOf = async (promise: Promise<unknown>): Promise<ApplicationFailure> => {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  };
  const received = async (orderId: string): Promise<ReceivedPlatformWebhookView[]> => {
    const response = await fetch(`${receiverUrl}?orderId=${encodeURIComponent(orderId)}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { webhooks: ReceivedPlatformWebhookView[] }).webhooks;
  };
  async function controls(action: 'reset' | 'get' | object): Promise<PlatformWebhookReceiverControlsView> {
    const url = `${receiverUrl}/controls${action === 'reset' ? '/reset' : ''}`;
    const response =
      action === 'get'
        ? await fetch(url)
        : await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: action === 'reset' ? undefined : JSON.stringify(action) });
    expect(response.ok).toBe(true);
    return (await response.json()) as PlatformWebhookReceiverControlsView;
  }
  /** A hand-made request to the receiver: the signed body, and what is actually sent. */
  const post = (headers: Record<string, string>, body: string) => fetch(receiverUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

  it('delivers: the receiver verifies the signature and records the event, in sequence order', async () => {
    const orderId = newOrder();
    await expect(deliver(event(orderId, 2, { status: 'in_transit', previousStatus: 'shipped' }))).resolves.toEqual({
      webhookId: `evt_order_${orderId}_2`,
      outcome: 'delivered',
      httpStatus: 204,
    });
    await deliver(event(orderId, 1));
    const webhooks = await received(orderId);
    expect(webhooks.map((w) => [w.webhookId, w.sequence, w.status])).toEqual([
      [`evt_order_${orderId}_1`, 1, 'shipped'],
      [`evt_order_${orderId}_2`, 2, 'in_transit'],
    ]);
    expect(webhooks[0]).toMatchObject({ type: 'order.status_changed', previousStatus: 'processing', data: event(orderId, 1) });
    expect(Math.abs(webhooks[0].webhookTimestamp - Date.now() / 1000)).toBeLessThan(10);
    expect((await controls('get')).stats).toMatchObject({ received: 2, accepted: 2, duplicates: 0, rejected: 0 });
  });

  it('records the same webhook once, however often it arrives (retries and replays reuse the ID)', async () => {
    const orderId = newOrder();
    await deliver(event(orderId, 1));
    await deliver(event(orderId, 1));
    expect(await received(orderId)).toHaveLength(1);
    expect((await controls('get')).stats).toMatchObject({ accepted: 1, duplicates: 1 });
  });

  it('answers 401 to a tampered body, a forged signature, a stale timestamp and missing headers, and records none', async () => {
    const orderId = newOrder();
    const body = renderPlatformWebhookBody(event(orderId, 1));
    const headers = signPlatformWebhook(SANDBOX_PLATFORM_WEBHOOK_SECRET, `evt_order_${orderId}_1`, new Date(), body);

    expect((await post(headers, body.replace('"shipped"', '"delivered"'))).status).toBe(401);
    const forged = signPlatformWebhook(`whsec_${Buffer.from('not-the-sandbox-secret-at-all-32b').toString('base64')}`, `evt_order_${orderId}_1`, new Date(), body);
    expect((await post(forged, body)).status).toBe(401);
    expect((await post({ ...headers, 'webhook-signature': 'v1,' + Buffer.alloc(32).toString('base64') }, body)).status).toBe(401);
    // Another webhook's signature does not carry over: the ID is signed too.
    expect((await post({ ...headers, 'webhook-id': `evt_order_${orderId}_2` }, body)).status).toBe(401);
    const stale = signPlatformWebhook(SANDBOX_PLATFORM_WEBHOOK_SECRET, `evt_order_${orderId}_1`, new Date(Date.now() - 6 * 60_000), body);
    const staleAnswer = await post(stale, body);
    expect(staleAnswer.status).toBe(401);
    expect(((await staleAnswer.json()) as { message: string }).message).toMatch(/too old/);
    expect((await post({}, body)).status).toBe(401);

    expect(await received(orderId)).toEqual([]);
    expect((await controls('get')).stats).toMatchObject({ rejected: 6, accepted: 0 });
    // The genuine one still gets through.
    expect((await post(headers, body)).status).toBe(204);
    expect(await received(orderId)).toHaveLength(1);
  });

  it('a sender signing with the wrong clock is refused for good (401 is not retried)', async () => {
    const late = new HttpPlatformWebhookSender({ url: receiverUrl, secret: SANDBOX_PLATFORM_WEBHOOK_SECRET, timeoutMs: 1_000, now: () => new Date(Date.now() - 10 * 60_000) });
    const failure = await failureOf(deliver(event(newOrder(), 1), late));
    expect(failure).toMatchObject({ type: PlatformWebhookFailureType.REJECTED, nonRetryable: true, details: [expect.objectContaining({ httpStatus: 401 })] });
  });

  it('an injected 410 fails for good; the dead letter is recorded, and a replay delivers it with the same ID', async () => {
    const orderId = newOrder();
    await controls({ fault: { kind: 'gone' }, count: 1 });
    const failure = await failureOf(deliver(event(orderId, 1)));
    expect(failure).toMatchObject({ type: 'PlatformWebhookRejected', nonRetryable: true, details: [{ webhookId: `evt_order_${orderId}_1`, httpStatus: 410 }] });
    expect(failure.message).toMatch(/410 Gone/);
    expect(await received(orderId)).toEqual([]);

    // What the workflow does next: the dead letter, then an admin's replay once the platform is back.
    const { recordPlatformWebhookDeadLetter } = activities();
    await activityEnvironment().run(recordPlatformWebhookDeadLetter, {
      event: event(orderId, 1),
      failure: { type: failure.type ?? 'unknown', message: failure.message, httpStatus: 410 },
      attempts: 1,
    });
    const replays = new PlatformWebhooksService(deadLetters, sender);
    const replayed = await replays.replay(`evt_order_${orderId}_1`, { role: 'admin', keyId: 'key_admin1' });
    expect(replayed.outcome).toEqual({ result: 'delivered', httpStatus: 204, replayedBy: 'key_admin1' });
    expect(replayed.deadLetter).toMatchObject({ replays: 1, failure: { httpStatus: 410 } });
    expect(await received(orderId)).toEqual([expect.objectContaining({ webhookId: `evt_order_${orderId}_1`, data: event(orderId, 1) })]);
  });

  it('an injected 500 fails retryably, and the retry gets through', async () => {
    const orderId = newOrder();
    await controls({ fault: { kind: 'server_error' }, count: 2 });
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect(await failureOf(deliver(event(orderId, 1)))).toMatchObject({ type: PlatformWebhookFailureType.UNAVAILABLE, nonRetryable: false, details: [expect.objectContaining({ httpStatus: 500 })] });
    }
    await expect(deliver(event(orderId, 1))).resolves.toMatchObject({ outcome: 'delivered' });
    expect(await received(orderId)).toHaveLength(1);
    expect((await controls('get')).stats).toMatchObject({ faults: 2, accepted: 1 });
  });

  it('a slow receiver times the sender out (retryable); it accepted the webhook, so the retry is a duplicate, recorded once', async () => {
    const orderId = newOrder();
    await controls({ fault: { kind: 'slow', delayMs: 1_500 }, count: 1 });
    const failure = await failureOf(deliver(event(orderId, 1)));
    expect(failure).toMatchObject({ type: PlatformWebhookFailureType.UNAVAILABLE, nonRetryable: false });
    expect(failure.message).toMatch(/timed out/);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await received(orderId)).toHaveLength(1);
    await expect(deliver(event(orderId, 1))).resolves.toMatchObject({ outcome: 'delivered' });
    expect(await received(orderId)).toHaveLength(1);
    expect((await controls('get')).stats).toMatchObject({ accepted: 1, duplicates: 1 });
  });

  it('refuses bad control requests with 400', async () => {
    for (const body of [{ fault: { kind: 'teapot' }, count: 1 }, { fault: { kind: 'slow' }, count: 1 }, { fault: { kind: 'gone' }, count: 0 }]) {
      const response = await fetch(`${receiverUrl}/controls`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status).toBe(400);
    }
    expect((await controls('get')).pendingFaults).toEqual([]);
  });
});
