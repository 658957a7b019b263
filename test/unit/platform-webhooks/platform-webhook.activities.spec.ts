import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { createPlatformWebhookActivities, MAX_RETRY_AFTER_MS } from '../../../activities/platform-webhooks/platform-webhook.activities';
import { PlatformWebhookDeliveryError } from '../../../activities/platform-webhooks/platform-webhook.sender';
import {
  PLATFORM_WEBHOOK_ACTIVITY_OPTIONS,
  PlatformWebhookFailureType,
  type OrderStatusWebhook,
  type PlatformWebhookDeadLetterRequest,
} from '../../../activities/platform-webhooks/platform-webhook.types';
import { InMemoryPlatformWebhookDeadLetters, ScriptedPlatformWebhookSender } from '../../support/in-memory-platform-webhooks';

const event = (patch: Partial<OrderStatusWebhook> = {}): OrderStatusWebhook => ({
  orderId: 'A-2001',
  sequence: 1,
  status: 'order_received',
  occurredAt: '2026-11-20T10:00:00.000Z',
  shipments: [],
  ...patch,
});

describe('platform webhook activities', () => {
  let sender: ScriptedPlatformWebhookSender;
  let deadLetters: InMemoryPlatformWebhookDeadLetters;
  let logs: LogEntry[];
  let env: MockActivityEnvironment;

  beforeEach(() => {
    sender = new ScriptedPlatformWebhookSender();
    deadLetters = new InMemoryPlatformWebhookDeadLetters();
    logs = [];
    env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('TRACE', (entry) => logs.push(entry)) });
  });

  const activities = (withSender = true) => createPlatformWebhookActivities({ sender: withSender ? sender : undefined, deadLetters });
  const deliver = (input: OrderStatusWebhook, withSender = true) => {
    const { deliverOrderStatusWebhook } = activities(withSender);
    return env.run(deliverOrderStatusWebhook, input);
  };
  const record = (request: PlatformWebhookDeadLetterRequest) => env.run(activities().recordPlatformWebhookDeadLetter, request);
  const failureOf = async (promise: Promise<unknown>): Promise<ApplicationFailure> => {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  };

  it('delivers and answers the webhook ID and status', async () => {
    await expect(deliver(event({ sequence: 4, status: 'shipped', previousStatus: 'processing' }))).resolves.toEqual({
      webhookId: 'evt_order_A-2001_4',
      outcome: 'delivered',
      httpStatus: 204,
    });
    expect(sender.sent).toEqual([event({ sequence: 4, status: 'shipped', previousStatus: 'processing' })]);
  });

  it('skips, without failing, when status sync is off', async () => {
    await expect(deliver(event(), false)).resolves.toEqual({ webhookId: 'evt_order_A-2001_1', outcome: 'disabled' });
    expect(sender.sent).toEqual([]);
  });

  it('drops fields that are not in the contract before sending (no personal data)', async () => {
    await deliver({ ...event(), customer: { email: 'ada@example.com' } } as OrderStatusWebhook);
    expect(JSON.stringify(sender.sent)).not.toContain('ada@example.com');
  });

  it('fails retryably with the failure type, the HTTP status and the webhook ID, so Temporal retries', async () => {
    sender.failNext(new PlatformWebhookDeliveryError(PlatformWebhookFailureType.UNAVAILABLE, 'answered 503', { httpStatus: 503 }));
    const failure = await failureOf(deliver(event()));
    expect(failure).toMatchObject({ type: PlatformWebhookFailureType.UNAVAILABLE, nonRetryable: false, details: [{ webhookId: 'evt_order_A-2001_1', httpStatus: 503 }] });
    expect(failure.nextRetryDelay).toBeUndefined();
  });

  it('waits as long as Retry-After asks, up to a cap', async () => {
    sender.failNext(
      new PlatformWebhookDeliveryError(PlatformWebhookFailureType.RATE_LIMITED, 'answered 429', { httpStatus: 429, retryAfterMs: 90_000 }),
      new PlatformWebhookDeliveryError(PlatformWebhookFailureType.RATE_LIMITED, 'answered 429', { httpStatus: 429, retryAfterMs: 30 * 24 * 3_600_000 }),
    );
    expect((await failureOf(deliver(event()))).nextRetryDelay).toBe(90_000);
    expect((await failureOf(deliver(event()))).nextRetryDelay).toBe(MAX_RETRY_AFTER_MS);
  });

  it('fails for good with PlatformWebhookRejected when the receiver refuses (410, other 4xx)', async () => {
    sender.failNext(new PlatformWebhookDeliveryError(PlatformWebhookFailureType.REJECTED, 'answered 410 Gone', { httpStatus: 410 }));
    const failure = await failureOf(deliver(event()));
    expect(failure).toMatchObject({ type: 'PlatformWebhookRejected', nonRetryable: true, message: 'answered 410 Gone', details: [{ webhookId: 'evt_order_A-2001_1', httpStatus: 410 }] });
    expect(PLATFORM_WEBHOOK_ACTIVITY_OPTIONS.retry?.nonRetryableErrorTypes).toContain(failure.type);
  });

  it('lets unexpected errors through as they are (retried by Temporal)', async () => {
    sender.failNext(new Error('boom'));
    await expect(deliver(event())).rejects.toThrow('boom');
  });

  it.each([
    ['a sequence below 1', { sequence: 0 }],
    ['an unknown status', { status: 'teleported' }],
    ['a date that is not ISO', { occurredAt: 'yesterday' }],
    ['an order ID with spaces', { orderId: 'A 1' }],
    ['an unknown carrier', { shipments: [{ shipmentId: 'shp_1', carrier: 'pigeon', trackingNumber: '1', status: 'delivered' }] }],
  ])('refuses %s as InvalidPlatformWebhook, without sending', async (_what, patch) => {
    const failure = await failureOf(deliver(event(patch as Partial<OrderStatusWebhook>)));
    expect(failure).toMatchObject({ type: PlatformWebhookFailureType.INVALID, nonRetryable: true });
    expect(sender.sent).toEqual([]);
  });

  it('records a dead letter once per webhook ID; a retry answers created=false', async () => {
    const request: PlatformWebhookDeadLetterRequest = {
      event: event({ sequence: 2, status: 'processing' }),
      failure: { type: PlatformWebhookFailureType.UNAVAILABLE, message: 'answered 503', httpStatus: 503 },
      attempts: 80,
    };
    await expect(record(request)).resolves.toEqual({ webhookId: 'evt_order_A-2001_2', created: true });
    await expect(record({ ...request, attempts: 81 })).resolves.toEqual({ webhookId: 'evt_order_A-2001_2', created: false });
    expect([...deadLetters.deadLetters.values()]).toEqual([
      expect.objectContaining({ webhookId: 'evt_order_A-2001_2', orderId: 'A-2001', sequence: 2, attempts: 80, payload: request.event, failure: request.failure, replays: 0 }),
    ]);
    expect(logs.some((l) => l.level === 'WARN' && l.message === 'Platform webhook dead-lettered')).toBe(true);
  });

  it('refuses a dead letter that does not carry a valid event', async () => {
    const failure = await failureOf(record({ event: event({ sequence: -1 }), failure: { type: 'x', message: 'y' }, attempts: 1 }));
    expect(failure).toMatchObject({ type: PlatformWebhookFailureType.INVALID, nonRetryable: true });
    expect(deadLetters.deadLetters.size).toBe(0);
  });

  it('documents the activity options: 3 days of exponential backoff from 30 s, capped at 1 h', () => {
    expect(PLATFORM_WEBHOOK_ACTIVITY_OPTIONS).toMatchObject({
      scheduleToCloseTimeout: '3 days',
      retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
    });
  });
});
