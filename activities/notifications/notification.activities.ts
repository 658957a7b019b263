import { createHash } from 'node:crypto';
import { activityInfo, ApplicationFailure, log } from '@temporalio/activity';
import { NotificationChannel } from '../../workflows/shared/vocabulary';
import { NO_ACTIVITY_METRICS, type NotificationOutcome, type NotificationRecorder } from '../activity-metrics';
import type { NotificationPolicyStore } from './notification-policy';
import { outboxKey, type NotificationRequest, type NotificationResult, type NotificationSkipReason } from './notification.types';
import { OUTBOX_CLAIM_LEASE_MS, PermanentDeliveryError, type EmailSender, type Outbox } from './outbox';
import { PUSH_MESSAGE_TYPE, type PushSender } from './push/push-sender';
import type { SmsSender } from './sms/sms-sender';
import { renderMilestoneEmail, renderMilestonePush, renderMilestoneSms, type Brand, type MessageLinks } from './templates';

export const NotificationFailureType = {
  /** The provider refused the message for good (an invalid address, say). Recorded, not retried. */
  REJECTED: 'NotificationRejected',
  /** Another attempt holds the outbox claim; retried once its lease could have run out. */
  IN_FLIGHT: 'NotificationInFlight',
} as const;

/** The links a message carries that need secrets to make (signed tokens): made at send time, never in workflow history. */
export interface NotificationLinkBuilder {
  linksFor(request: NotificationRequest): Promise<MessageLinks>;
}

export interface NotificationDeps {
  outbox: Outbox;
  email: EmailSender;
  /** Absent when no provider is configured: SMS and push messages are then recorded as skipped. */
  sms?: SmsSender;
  push?: PushSender;
  /** Unsubscribes; absent, nobody is treated as unsubscribed. */
  policy?: Pick<NotificationPolicyStore, 'isSuppressed'>;
  links?: NotificationLinkBuilder;
  brand: Brand;
  /** Domain part of generated Message-IDs. */
  messageIdDomain: string;
  /** How long a claim protects a send before a retry may take it over; `OUTBOX_CLAIM_LEASE_MS` when absent. */
  claimLeaseMs?: number;
  /** Counts messages by channel and outcome; absent, nothing is recorded. */
  metrics?: NotificationRecorder;
}

/** Where a channel reaches the customer; push goes through the platform, which knows the customer by reference. */
function addressOf(request: NotificationRequest): string | undefined {
  const { customer } = request;
  if (request.channel === NotificationChannel.SMS) return customer.phone;
  if (request.channel === NotificationChannel.PUSH) return customer.customerRef;
  return customer.email;
}

export function createNotificationActivities(deps: NotificationDeps) {
  const { outbox } = deps;
  const claimLeaseMs = deps.claimLeaseMs ?? OUTBOX_CLAIM_LEASE_MS;
  const metrics = deps.metrics ?? NO_ACTIVITY_METRICS;
  const count = (request: NotificationRequest, outcome: NotificationOutcome) => metrics.notification(request.channel, outcome);
  const meta = (request: NotificationRequest) => ({ orderId: request.orderId, milestone: request.milestone, channel: request.channel });

  /** Sends the rendered message on its channel; returns the provider's ID. */
  async function deliver(request: NotificationRequest, key: string, messageId: string): Promise<string> {
    const links = (await deps.links?.linksFor(request)) ?? {};
    if (request.channel === NotificationChannel.SMS) {
      const body = renderMilestoneSms(request, deps.brand, links);
      return (await deps.sms!.send({ to: request.customer.phone!, body, idempotencyKey: key })).providerMessageId;
    }
    if (request.channel === NotificationChannel.PUSH) {
      const { title, body } = renderMilestonePush(request, deps.brand);
      const sent = await deps.push!.send({
        id: pushId(key),
        type: PUSH_MESSAGE_TYPE,
        // When the workflow decided to notify: the same on every retry and after a crash (docs/push.md).
        createdAt: new Date(activityInfo().scheduledTimestampMs).toISOString(),
        orderId: request.orderId,
        customerRef: request.customer.customerRef,
        milestone: request.milestone,
        title,
        body,
        data: { orderId: request.orderId, shipmentId: request.shipmentId, milestone: request.milestone, trackingUrl: request.shipment?.trackingUrl, trackingPageUrl: links.trackingPage },
        locale: request.customer.locale ?? 'en-US',
      });
      return sent.providerMessageId;
    }
    const rendered = renderMilestoneEmail(request, deps.brand, links);
    return (await deps.email.send({ to: request.customer.email, ...rendered, messageId })).providerMessageId;
  }

  /** Why this message cannot go out at all, before anything is claimed. */
  async function reasonToSkip(request: NotificationRequest): Promise<NotificationSkipReason | undefined> {
    if ((request.channel === NotificationChannel.SMS && !deps.sms) || (request.channel === NotificationChannel.PUSH && !deps.push)) return 'channel_disabled';
    const address = addressOf(request);
    if (!address) return 'channel_disabled';
    if (await deps.policy?.isSuppressed(request.channel, address)) return 'suppressed';
    return undefined;
  }

  return {
    /**
     * Sends one milestone message at most once per outbox key. A retry after a completed send finds
     * the key settled and sends nothing; the provider's idempotency key (SMS, push) or a fixed
     * Message-ID (email) covers a crash between the send and the record.
     */
    async sendNotification(request: NotificationRequest): Promise<NotificationResult> {
      const key = outboxKey(request);
      const messageId = `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${deps.messageIdDomain}>`;
      const skip = await reasonToSkip(request);
      if (skip) {
        await outbox.markSkipped(key, meta(request), skip);
        count(request, skip);
        log.info('Notification skipped', { orderId: request.orderId, milestone: request.milestone, channel: request.channel, reason: skip });
        return { outcome: 'skipped', messageId, reason: skip };
      }
      const claim = await outbox.claim(key, meta(request), claimLeaseMs);
      // A retry that finds the message settled is counted as a duplicate, not as its first outcome again.
      if (claim === 'sent' || claim === 'failed' || claim === 'skipped') count(request, 'duplicate');
      if (claim === 'sent') return { outcome: 'already_sent', messageId };
      if (claim === 'failed') return { outcome: 'failed_permanently', messageId };
      if (claim === 'skipped') return { outcome: 'skipped', messageId };
      if (claim === 'in_flight') {
        count(request, 'in_flight');
        throw ApplicationFailure.create({
          type: NotificationFailureType.IN_FLIGHT,
          message: 'Another attempt is sending this message',
          nextRetryDelay: claimLeaseMs,
        });
      }

      let providerMessageId: string;
      try {
        providerMessageId = await deliver(request, key, messageId);
      } catch (err) {
        if (!(err instanceof PermanentDeliveryError)) {
          count(request, 'failed_retryable');
          await outbox.release(key);
          throw err;
        }
        count(request, 'failed_permanent');
        await outbox.markFailed(key, err.message);
        throw ApplicationFailure.nonRetryable(err.message, NotificationFailureType.REJECTED);
      }
      // The message is out: from here a failure must keep the claim, or a retry would send it twice.
      count(request, 'sent');
      await outbox.markSent(key, providerMessageId);
      log.info('Notification sent', { orderId: request.orderId, milestone: request.milestone, channel: request.channel });
      return { outcome: 'sent', messageId };
    },

    /** Records a planned message the workflow decided not to send (collapsed, capped), for the notification log. */
    async recordNotificationSkipped(request: NotificationRequest & { reason: NotificationSkipReason }): Promise<void> {
      const { reason, ...message } = request;
      await outbox.markSkipped(outboxKey(message), meta(message), reason);
      count(message, reason);
    },
  };
}

/** The push notification's ID: stable per outbox key, and free of the personal data a key never holds anyway. */
const pushId = (key: string): string => `ntf_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
