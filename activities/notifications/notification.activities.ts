import { createHash } from 'node:crypto';
import { ApplicationFailure, log } from '@temporalio/activity';
import { renderMilestoneEmail, type Brand } from './email-templates';
import { outboxKey, type NotificationRequest, type NotificationResult } from './notification.types';
import { OUTBOX_CLAIM_LEASE_MS, PermanentDeliveryError, type EmailSender, type Outbox } from './outbox';

export const NotificationFailureType = {
  /** The provider refused the message for good (an invalid address, say). Recorded, not retried. */
  REJECTED: 'NotificationRejected',
  /** Another attempt holds the outbox claim; retried once its lease could have run out. */
  IN_FLIGHT: 'NotificationInFlight',
} as const;

export interface NotificationDeps {
  outbox: Outbox;
  email: EmailSender;
  brand: Brand;
  /** Domain part of generated Message-IDs. */
  messageIdDomain: string;
}

export function createNotificationActivities(deps: NotificationDeps) {
  return {
    /**
     * Sends one milestone message at most once per outbox key. A retry after a completed send finds
     * the key settled and sends nothing.
     */
    async sendNotification(request: NotificationRequest): Promise<NotificationResult> {
      const key = outboxKey(request);
      const messageId = `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${deps.messageIdDomain}>`;
      const claim = await deps.outbox.claim(key, { orderId: request.orderId, milestone: request.milestone, channel: request.channel });
      if (claim === 'sent') return { outcome: 'already_sent', messageId };
      if (claim === 'failed') return { outcome: 'failed_permanently', messageId };
      if (claim === 'in_flight') {
        throw ApplicationFailure.create({
          type: NotificationFailureType.IN_FLIGHT,
          message: 'Another attempt is sending this message',
          nextRetryDelay: OUTBOX_CLAIM_LEASE_MS,
        });
      }

      const rendered = renderMilestoneEmail(request, deps.brand);
      let providerMessageId: string;
      try {
        ({ providerMessageId } = await deps.email.send({ to: request.customer.email, ...rendered, messageId }));
      } catch (err) {
        if (!(err instanceof PermanentDeliveryError)) {
          await deps.outbox.release(key);
          throw err;
        }
        await deps.outbox.markFailed(key, err.message);
        throw ApplicationFailure.nonRetryable(err.message, NotificationFailureType.REJECTED);
      }
      // The message is out: from here a failure must keep the claim, or a retry would send it twice.
      await deps.outbox.markSent(key, providerMessageId);
      log.info('Notification sent', { orderId: request.orderId, milestone: request.milestone, channel: request.channel });
      return { outcome: 'sent', messageId };
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
