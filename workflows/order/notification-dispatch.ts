import { condition, log, proxyActivities } from '@temporalio/workflow';
import type { NotificationPolicyActivities, NotificationPreferences } from '../../activities/notifications/notification-policy';
import type { NotificationActivities } from '../../activities/notifications/notification.activities';
import type { NotificationRequest, NotificationSkipReason } from '../../activities/notifications/notification.types';
import { NotificationChannel, ShipmentStatus } from '../shared/vocabulary';
import { isSuperseded, localClock, overDailyCap, planChannels, type SentMilestone } from './notification-plan';
import type { OrderEffect, OrderState } from './order.types';

type NotifyEffect = Extract<OrderEffect, { type: 'notify' }>;

/** Bounded retries: a message that cannot go out within hours is recorded, not retried forever. */
export const { sendNotification, recordNotificationSkipped } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m', maximumAttempts: 20 },
});

/** An hour of retries; after that the message still goes out by email, the one channel needing no choice. */
const { notificationPreferences } = proxyActivities<NotificationPolicyActivities>({
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '1h',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '5m' },
});

const EMAIL_ONLY: NotificationPreferences = { channels: { email: 'all', sms: 'none', push: 'none' }, quietHours: null };

export interface DispatchHooks {
  /** The order as it is now (messages read it when they go out, not when they were planned). */
  state(): OrderState;
  /** Messages already sent on a channel on a customer-local day, and counting one more. */
  sentOn(channel: NotificationChannel, day: string): number;
  countSent(channel: NotificationChannel, day: string): void;
  /** The message failed for good (an invalid address, a number that opted out by STOP). */
  failedPermanently(effect: NotifyEffect, channel: NotificationChannel): void;
}

/**
 * Carries each milestone to the customer on every channel they chose: email and push at once, SMS
 * after the customer's quiet hours (a durable timer, never a drop). A message still waiting when
 * newer news of the same parcel is planned is collapsed, and a channel stops at the daily cap.
 * Skipped messages are recorded in the outbox, so the notification log shows why.
 */
export function notificationDispatcher(hooks: DispatchHooks): (effect: NotifyEffect) => Promise<void> {
  const planned: SentMilestone[] = [];

  return async (effect) => {
    const position = planned.push({ milestone: effect.milestone, shipmentId: effect.shipmentId });
    const newer = () => planned.slice(position);
    const customer = hooks.state().customer;
    const preferences = await notificationPreferences({ customerRef: customer.customerRef }).catch((err: unknown) => {
      log.warn('Notification preferences unavailable; email only', { orderId: hooks.state().orderId, error: String(err) });
      return EMAIL_ONLY;
    });

    const deliver = async (channel: NotificationChannel, notBeforeMs: number | undefined): Promise<void> => {
      if (notBeforeMs !== undefined && notBeforeMs > Date.now()) {
        await condition(() => isSuperseded(effect, newer()), notBeforeMs - Date.now());
      }
      let skip: NotificationSkipReason | undefined;
      if (notBeforeMs !== undefined && isSuperseded(effect, newer())) skip = 'collapsed';
      const day = localClock(Date.now(), customer.timeZone).day;
      if (!skip && !effect.resendOn && overDailyCap(effect.milestone, hooks.sentOn(channel, day))) skip = 'capped';
      if (skip) {
        await recordSkipped(hooks.state(), effect, channel, skip);
        return;
      }
      hooks.countSent(channel, day);
      try {
        await sendNotification(requestFor(hooks.state(), effect, channel));
      } catch {
        hooks.failedPermanently(effect, channel);
      }
    };

    const channels = planChannels(customer, effect.milestone, preferences, Date.now()).filter(
      ({ channel }) => !effect.resendOn || channel === effect.resendOn,
    );
    if (effect.resendOn && channels.length === 0) {
      // Support asked for a channel the customer turned off or never gave: the log says so.
      await recordSkipped(hooks.state(), effect, effect.resendOn, 'channel_disabled');
      return;
    }
    await Promise.all(channels.map(({ channel, notBeforeMs }) => deliver(channel, notBeforeMs)));
  };
}

/** Only the log's record of why a message was not sent: losing it must not hold up the order. */
async function recordSkipped(state: OrderState, effect: NotifyEffect, channel: NotificationChannel, reason: NotificationSkipReason): Promise<void> {
  await recordNotificationSkipped({ ...requestFor(state, effect, channel), reason }).catch((err: unknown) =>
    log.warn('Could not record a skipped notification', { orderId: state.orderId, milestone: effect.milestone, channel, reason, error: String(err) }),
  );
}

/** Everything a message needs, read from the order as it is when the message goes out. */
export function requestFor(state: OrderState, effect: NotifyEffect, channel: NotificationChannel): NotificationRequest {
  const { milestone, shipmentId, revision, details } = effect;
  const shipment = shipmentId ? state.shipments.find((s) => s.shipmentId === shipmentId) : undefined;
  return {
    orderId: state.orderId,
    milestone,
    channel,
    shipmentId,
    revision,
    details,
    customer: state.customer,
    shipment: shipment && {
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      trackingUrl: shipment.trackingUrl,
      estimatedDelivery: shipment.estimatedDelivery,
      deliveredAt: shipment.ladderStatus === ShipmentStatus.DELIVERED ? shipment.lastEventAt : undefined,
      proofOfDelivery: shipment.proofOfDelivery,
    },
  };
}
