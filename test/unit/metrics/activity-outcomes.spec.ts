import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { ActivityMetrics } from '../../../activities/activity-metrics';
import { createEscrowActivities } from '../../../activities/escrow/escrow.activities';
import type { EscrowSettlementRequest } from '../../../activities/escrow/escrow.types';
import { createNotificationActivities } from '../../../activities/notifications/notification.activities';
import type { NotificationRequest } from '../../../activities/notifications/notification.types';
import { PermanentDeliveryError } from '../../../activities/notifications/outbox';
import { createPlatformWebhookActivities } from '../../../activities/platform-webhooks/platform-webhook.activities';
import { PlatformWebhookDeliveryError } from '../../../activities/platform-webhooks/platform-webhook.sender';
import { PlatformWebhookFailureType, type OrderStatusWebhook } from '../../../activities/platform-webhooks/platform-webhook.types';
import { Milestone } from '../../../workflows/shared/vocabulary';
import { InMemoryEscrowLedger, InMemoryEscrowProvider } from '../../support/in-memory-escrow';
import { InMemoryPlatformWebhookDeadLetters, ScriptedPlatformWebhookSender } from '../../support/in-memory-platform-webhooks';
import { InMemoryOutbox, RecordingEmailSender } from '../../support/in-memory-stores';

/*
 * The activities report each outcome once, through the injected recorder (a jest mock here, the
 * prom-client recorders in the worker).
 */
const recorder = (): jest.Mocked<ActivityMetrics> => ({ carrierCall: jest.fn(), notification: jest.fn(), escrowSettlement: jest.fn(), platformWebhook: jest.fn() });
const env = () => new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
const settled = <T>(promise: Promise<T>) => promise.then(() => undefined, () => undefined);

describe('activity outcomes reach the metrics recorder', () => {
  describe('sendNotification', () => {
    const message = (channel: 'email' | 'sms' = 'email'): NotificationRequest => ({
      orderId: 'A-3001',
      milestone: Milestone.ORDER_RECEIVED,
      channel,
      customer: { name: 'Ana Lima', email: 'ana@example.com', locale: 'en-US', timeZone: 'America/New_York' },
    });

    it('counts sent, then a retry as duplicate, by channel', async () => {
      const metrics = recorder();
      const activities = createNotificationActivities({ outbox: new InMemoryOutbox(), email: new RecordingEmailSender(), brand: { name: 'Shop' }, messageIdDomain: 'waybill.test', metrics });
      await env().run(activities.sendNotification, message());
      await env().run(activities.sendNotification, message());
      expect(metrics.notification.mock.calls).toEqual([
        ['email', 'sent'],
        ['email', 'duplicate'],
      ]);
    });

    it('counts a permanent refusal, a retryable failure, and a channel without provider', async () => {
      const metrics = recorder();
      const email = new RecordingEmailSender().failNext(new Error('connection reset'), new PermanentDeliveryError('550 no such user'));
      const activities = createNotificationActivities({ outbox: new InMemoryOutbox(), email, brand: { name: 'Shop' }, messageIdDomain: 'waybill.test', metrics });
      await settled(env().run(activities.sendNotification, message()));
      await settled(env().run(activities.sendNotification, message()));
      await env().run(activities.sendNotification, message('sms'));
      expect(metrics.notification.mock.calls).toEqual([
        ['email', 'failed_retryable'],
        ['email', 'failed_permanent'],
        ['sms', 'channel_disabled'],
      ]);
    });
  });

  describe('settleEscrow', () => {
    const request = (action: 'release' | 'refund'): EscrowSettlementRequest => ({ orderId: 'A-3002', action, amount: 500, currency: 'USD', reason: 'test' });

    it('counts settled, already_settled, settled_otherwise and declined by action', async () => {
      const metrics = recorder();
      const provider = new InMemoryEscrowProvider();
      const activities = createEscrowActivities({ ledger: new InMemoryEscrowLedger(), provider, metrics });
      await env().run(activities.settleEscrow, request('release'));
      await env().run(activities.settleEscrow, request('release'));
      await settled(env().run(activities.settleEscrow, request('refund')));
      const other = createEscrowActivities({ ledger: new InMemoryEscrowLedger(), provider: new InMemoryEscrowProvider().failCreates('decline'), metrics });
      await settled(env().run(other.settleEscrow, request('refund')));
      expect(metrics.escrowSettlement.mock.calls).toEqual([
        ['release', 'settled'],
        ['release', 'already_settled'],
        ['refund', 'settled_otherwise'],
        ['refund', 'declined'],
      ]);
    });

    it('counts a provider outage as failed_retryable', async () => {
      const metrics = recorder();
      const activities = createEscrowActivities({ ledger: new InMemoryEscrowLedger(), provider: new InMemoryEscrowProvider().failCreates('unavailable'), metrics });
      await settled(env().run(activities.settleEscrow, request('release')));
      expect(metrics.escrowSettlement.mock.calls).toEqual([['release', 'failed_retryable']]);
    });
  });

  describe('platform webhooks', () => {
    const event: OrderStatusWebhook = { orderId: 'A-3003', sequence: 1, status: 'order_received', occurredAt: '2026-11-20T10:00:00.000Z', shipments: [] };

    it('counts delivered, failed_retryable, rejected, disabled and dead_lettered (once)', async () => {
      const metrics = recorder();
      const sender = new ScriptedPlatformWebhookSender().failNext(
        new PlatformWebhookDeliveryError(PlatformWebhookFailureType.UNAVAILABLE, 'receiver answered 503', { httpStatus: 503 }),
        new PlatformWebhookDeliveryError(PlatformWebhookFailureType.REJECTED, 'receiver answered 410', { httpStatus: 410 }),
      );
      const deadLetters = new InMemoryPlatformWebhookDeadLetters();
      const activities = createPlatformWebhookActivities({ sender, deadLetters, metrics });
      await settled(env().run(activities.deliverOrderStatusWebhook, event));
      await settled(env().run(activities.deliverOrderStatusWebhook, event));
      await env().run(activities.deliverOrderStatusWebhook, event);
      await env().run(createPlatformWebhookActivities({ deadLetters, metrics }).deliverOrderStatusWebhook, event);
      const deadLetter = { event, failure: { type: PlatformWebhookFailureType.UNAVAILABLE, message: 'gave up', httpStatus: 503 }, attempts: 40 };
      await env().run(activities.recordPlatformWebhookDeadLetter, deadLetter);
      await env().run(activities.recordPlatformWebhookDeadLetter, deadLetter);
      expect(metrics.platformWebhook.mock.calls).toEqual([['failed_retryable'], ['rejected'], ['delivered'], ['disabled'], ['dead_lettered']]);
    });
  });
});
