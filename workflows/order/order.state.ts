import type { NotificationDetails } from '../../activities/notifications/notification.types';
import { EscrowState, Milestone, OrderStatus, ShipmentStatus } from '../shared/vocabulary';
import type { AddShipmentInput, ShipmentUpdate } from './order.messages';
import { OrderRejection } from './order.messages';
import { aggregateOrderStatus, allShipmentsFinished, isOrderSideStatus, orderRank } from './order-status-rules';
import type { Actor, OrderChange, OrderEffect, OrderHistoryEntry, OrderShipment, OrderState, OrderView, OrderWorkflowInput } from './order.types';

/**
 * The order's pure reducer. Every function takes the state and the workflow's notion of "now" and
 * returns the next state plus the effects to carry out; `reject…` functions back the update validators.
 */

export interface Rejection {
  type: OrderRejection;
  message: string;
}

export function createOrderState(input: OrderWorkflowInput, now: string): OrderChange {
  const { order } = input;
  const state: OrderState = {
    orderId: order.orderId,
    customer: order.customer,
    promisedDeliveryDate: order.promisedDeliveryDate,
    createdAt: now,
    status: OrderStatus.ORDER_RECEIVED,
    ladderStatus: OrderStatus.ORDER_RECEIVED,
    delayed: false,
    escrow: order.escrow
      ? { state: EscrowState.HELD, amount: order.escrow.amount, currency: order.escrow.currency }
      : { state: EscrowState.NONE },
    shipments: [],
    history: [{ at: now, type: 'order_received', actor: { role: 'platform' } }],
    notified: [],
    revision: 1,
  };
  return withNotification({ state, effects: [], changed: true }, Milestone.ORDER_RECEIVED);
}

export function rejectMarkProcessing(state: OrderState): Rejection | undefined {
  if (state.status === OrderStatus.CANCELLED) return cancelledRejection(state);
  return undefined;
}

/** Idempotent: an order already processing or further along is left as it is. */
export function markProcessing(state: OrderState, actor: Actor, now: string): OrderChange {
  if (orderRank(state.ladderStatus) >= orderRank(OrderStatus.PROCESSING)) return unchanged(state);
  return bump({
    ...state,
    status: OrderStatus.PROCESSING,
    ladderStatus: OrderStatus.PROCESSING,
    history: [...state.history, entry(now, 'processing', actor)],
  });
}

export function rejectAddShipment(state: OrderState, input: AddShipmentInput): Rejection | undefined {
  if (state.status === OrderStatus.CANCELLED) return cancelledRejection(state);
  const sameNumber = state.shipments.find((s) => s.trackingNumber === input.trackingNumber);
  if (sameNumber && (sameNumber.carrier !== input.carrier || sameNumber.shipmentId !== input.shipmentId)) {
    return {
      type: OrderRejection.SHIPMENT_CONFLICT,
      message: `Tracking number is already on order ${state.orderId} as shipment ${sameNumber.shipmentId} with carrier ${sameNumber.carrier}.`,
    };
  }
  const sameId = state.shipments.find((s) => s.shipmentId === input.shipmentId);
  if (sameId && sameId.trackingNumber !== input.trackingNumber) {
    return {
      type: OrderRejection.SHIPMENT_CONFLICT,
      message: `Shipment ${input.shipmentId} already exists on order ${state.orderId} with another tracking number.`,
    };
  }
  return undefined;
}

/** Idempotent: adding the same shipment again changes nothing. */
export function addShipment(state: OrderState, input: AddShipmentInput, now: string): OrderChange {
  if (state.shipments.some((s) => s.shipmentId === input.shipmentId)) return unchanged(state);
  const shipment: OrderShipment = {
    shipmentId: input.shipmentId,
    carrier: input.carrier,
    trackingNumber: input.trackingNumber,
    trackingUrl: input.trackingUrl,
    status: ShipmentStatus.PENDING,
    ladderStatus: ShipmentStatus.PENDING,
    revision: 0,
    addedAt: now,
  };
  const next = recomputeStatus(
    {
      ...state,
      shipments: [...state.shipments, shipment],
      history: [...state.history, entry(now, 'shipment_added', input.actor, `${input.shipmentId} (${input.carrier})`)],
    },
    now,
  );
  const change: OrderChange = { state: next, effects: [{ type: 'startShipment', shipmentId: shipment.shipmentId }], changed: true };
  return bumpChange(withNotification(change, Milestone.SHIPPED, shipment.shipmentId));
}

export function rejectCancel(state: OrderState): Rejection | undefined {
  if (state.status === OrderStatus.CANCELLED) return undefined;
  if (state.shipments.length > 0 || orderRank(state.ladderStatus) >= orderRank(OrderStatus.PARTIALLY_SHIPPED)) {
    return {
      type: OrderRejection.ALREADY_SHIPPED,
      message: `Order ${state.orderId} has shipped (status ${state.status}) and can no longer be cancelled.`,
    };
  }
  return undefined;
}

/** Idempotent: cancelling a cancelled order changes nothing. */
export function cancelOrder(state: OrderState, actor: Actor, reason: string | undefined, now: string): OrderChange {
  if (state.status === OrderStatus.CANCELLED) return unchanged(state);
  return bump({
    ...state,
    status: OrderStatus.CANCELLED,
    ladderStatus: OrderStatus.CANCELLED,
    history: [...state.history, entry(now, 'cancelled', actor, reason)],
  });
}

/**
 * Takes a child's report. Reports arrive at least once and possibly out of order, so a report
 * whose revision is not newer than the last one applied is ignored.
 */
export function applyShipmentUpdate(state: OrderState, update: ShipmentUpdate, now: string): OrderChange {
  const current = state.shipments.find((s) => s.shipmentId === update.shipmentId);
  if (!current || update.revision <= current.revision) return unchanged(state);
  const shipments = state.shipments.map((s) =>
    s.shipmentId === update.shipmentId
      ? {
          ...s,
          // An admin's manual delivery stands whatever the carrier reports afterwards.
          status: s.manualDelivery ? ShipmentStatus.DELIVERED : update.status,
          ladderStatus: s.manualDelivery ? ShipmentStatus.DELIVERED : update.ladderStatus,
          revision: update.revision,
          estimatedDelivery: update.estimatedDelivery ?? s.estimatedDelivery,
          proofOfDelivery: update.proofOfDelivery ?? s.proofOfDelivery,
          lastEventAt: update.lastEventAt ?? s.lastEventAt,
          attempts: update.attempts ?? s.attempts,
          pickup: update.pickup ?? s.pickup,
          stallCount: update.stallCount ?? s.stallCount,
          stalled: update.stalled ?? s.stalled,
          attemptOverdue: update.attemptOverdue ?? s.attemptOverdue,
          deliveryConfirmedBy: s.manualDelivery ? 'manual' : (update.deliveryConfirmedBy ?? s.deliveryConfirmedBy),
          deliveryUnconfirmedOverdue: update.deliveryUnconfirmedOverdue ?? s.deliveryUnconfirmedOverdue,
          declaredLost: update.declaredLost ?? s.declaredLost,
        }
      : s,
  );
  let change: OrderChange = { state: recomputeStatus({ ...state, shipments }, now), effects: [], changed: true };
  if (update.status === ShipmentStatus.OUT_FOR_DELIVERY) {
    change = withNotification(change, Milestone.OUT_FOR_DELIVERY, update.shipmentId);
  }
  if (update.ladderStatus === ShipmentStatus.DELIVERED) {
    change = withNotification(change, Milestone.DELIVERED, update.shipmentId);
  }
  return bumpChange(change);
}

/** A notification the outbox gave up on stays visible in the order's history. */
export function recordNotificationFailure(state: OrderState, notification: string, now: string): OrderChange {
  return bump({ ...state, history: [...state.history, entry(now, 'notification_failed', { role: 'system' }, notification)] });
}

/** The order is done when it was cancelled, or when every parcel reached a final state. */
export function isOrderFinished(state: OrderState): boolean {
  return state.status === OrderStatus.CANCELLED || allShipmentsFinished(state.shipments);
}

export function toOrderView(state: OrderState): OrderView {
  const { orderId, status, delayed, promisedDeliveryDate, createdAt, escrow, shipments, history, revision, delay, dispute, customerConfirmedAt } = state;
  return { orderId, status, delayed, promisedDeliveryDate, createdAt, escrow, shipments, history, revision, delay, dispute, customerConfirmedAt };
}

export const notificationKey = (milestone: Milestone, shipmentId?: string): string =>
  shipmentId ? `${milestone}:${shipmentId}` : milestone;

export function recomputeStatus(state: OrderState, now: string): OrderState {
  if (state.status === OrderStatus.CANCELLED) return state;
  const implied = aggregateOrderStatus(state.shipments);
  if (!implied) return state;
  const ladderStatus = orderRank(implied) > orderRank(state.ladderStatus) ? implied : state.ladderStatus;
  const status = isOrderSideStatus(implied) ? implied : ladderStatus;
  if (status === state.status && ladderStatus === state.ladderStatus) return state;
  return {
    ...state,
    status,
    ladderStatus,
    history: status === state.status ? state.history : [...state.history, entry(now, 'status_changed', undefined, `${state.status} → ${status}`)],
  };
}

/** The key a message is remembered by in `notified`: one per milestone, parcel and revision. */
export const notifiedKey = (milestone: Milestone, shipmentId?: string, revision?: string): string =>
  revision === undefined ? notificationKey(milestone, shipmentId) : `${notificationKey(milestone, shipmentId)}:${revision}`;

export function withNotification(change: OrderChange, milestone: Milestone, shipmentId?: string, revision?: string, details?: NotificationDetails): OrderChange {
  const key = notifiedKey(milestone, shipmentId, revision);
  if (change.state.notified.includes(key)) return change;
  const effect: OrderEffect = { type: 'notify', milestone, shipmentId, revision, details };
  const notifiedDetails = details ? { ...change.state.notifiedDetails, [key]: details } : change.state.notifiedDetails;
  return {
    state: { ...change.state, notified: [...change.state.notified, key], notifiedDetails },
    effects: [...change.effects, effect],
    changed: true,
  };
}

/** One more message on `channel` on `day`; counts of earlier days are dropped (they can no longer cap anything). */
export function countedOn(counts: Record<string, number> | undefined, channel: string, day: string): Record<string, number> {
  const kept = Object.fromEntries(Object.entries(counts ?? {}).filter(([key]) => key.endsWith(`:${day}`)));
  const key = `${channel}:${day}`;
  return { ...kept, [key]: (kept[key] ?? 0) + 1 };
}

export const entry = (at: string, type: string, actor?: Actor, detail?: string): OrderHistoryEntry => ({ at, type, actor, detail });

export const unchanged = (state: OrderState): OrderChange => ({ state, effects: [], changed: false });

const bump = (state: OrderState): OrderChange => ({ state: { ...state, revision: state.revision + 1 }, effects: [], changed: true });

export const bumpChange = (change: OrderChange): OrderChange => ({ ...change, state: { ...change.state, revision: change.state.revision + 1 } });

const cancelledRejection = (state: OrderState): Rejection => ({
  type: OrderRejection.CANCELLED,
  message: `Order ${state.orderId} is cancelled.`,
});
