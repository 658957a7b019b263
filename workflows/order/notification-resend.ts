import { OrderRejection, type ResendNotificationInput } from './order.messages';
import { entry, notifiedKey, type Rejection } from './order.state';
import type { OrderChange, OrderState } from './order.types';

/**
 * Support's "resend": the same message again on one channel, for a customer who says it never came.
 * Only a message the order already sent can be resent, so a resend can never announce news the
 * order does not have. Each resend is a new outbox revision (`resend-<n>`, after the message's own
 * revision if it has one), derived from the order's own count, so a retried activity sends it once.
 * Orders whose messages went out before details were kept resend without them (a delay's date).
 */

const FORBIDDEN_ROLES = new Set(['platform', 'customer', 'system']);

export function rejectResendNotification(state: OrderState, input: ResendNotificationInput): Rejection | undefined {
  if (FORBIDDEN_ROLES.has(input.actor.role)) return { type: OrderRejection.FORBIDDEN, message: 'Only support or an admin may resend a message.' };
  const key = notifiedKey(input.milestone, input.shipmentId, input.revision);
  if (!state.notified.includes(key)) {
    return { type: OrderRejection.NOT_NOTIFIED, message: `Order ${state.orderId} never sent ${key}; only a sent message can be resent.` };
  }
  return undefined;
}

export function resendNotification(state: OrderState, input: ResendNotificationInput, now: string): OrderChange {
  const { milestone, shipmentId, revision, channel, actor } = input;
  const key = notifiedKey(milestone, shipmentId, revision);
  const counter = `${key}|${channel}`;
  const count = (state.resends?.[counter] ?? 0) + 1;
  return {
    state: {
      ...state,
      resends: { ...state.resends, [counter]: count },
      history: [...state.history, entry(now, 'notification_resent', actor, `${key} (${channel}) #${count}`)],
      revision: state.revision + 1,
    },
    effects: [
      {
        type: 'notify',
        milestone,
        shipmentId,
        revision: revision === undefined ? `resend-${count}` : `${revision}.resend-${count}`,
        details: state.notifiedDetails?.[key],
        resendOn: channel,
      },
    ],
    changed: true,
  };
}
