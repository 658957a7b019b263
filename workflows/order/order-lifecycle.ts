import { SupportAlertKind } from '../shared/support-alert-kinds';
import type { EscrowAction } from '../../activities/escrow/escrow.types';
import type { LifecyclePolicy } from '../shared/lifecycle-policy';
import { EscrowState, Milestone, OrderStatus, ShipmentStatus } from '../shared/vocabulary';
import { estimateMs } from '../shipment/polling';
import { isTerminalShipmentStatus } from '../shipment/shipment-status-rules';
import { bumpChange, entry, withNotification } from './order.state';
import type { Delay, OrderChange, OrderEffect, OrderShipment, OrderState } from './order.types';

/**
 * The order's life after each change: delays against the promise, the customer messages and
 * support alerts that parcel changes call for, and the escrow's next step. Pure: `reviewLifecycle`
 * looks at what a change did (`before` → `change.state`) and adds what follows from it.
 */

/** The end of the promised day anywhere on Earth (UTC−12): a promise is missed only once it is missed everywhere. */
export function promiseDeadlineMs(promisedDeliveryDate: string | undefined): number | undefined {
  if (!promisedDeliveryDate) return undefined;
  const ms = Date.parse(`${promisedDeliveryDate}T23:59:59.999-12:00`);
  return Number.isNaN(ms) ? undefined : ms;
}

const isDelivered = (s: OrderShipment): boolean => s.ladderStatus === ShipmentStatus.DELIVERED;
const isConfirmed = (s: OrderShipment): boolean => !!s.manualDelivery || s.deliveryConfirmedBy !== undefined;

/** A parcel whose story is over for the escrow: failed for good, or delivered and confirmed. */
export const isShipmentSettled = (s: OrderShipment): boolean => isTerminalShipmentStatus(s.ladderStatus) && (!isDelivered(s) || isConfirmed(s));

const allDelivered = (state: OrderState): boolean => state.shipments.length > 0 && state.shipments.every(isDelivered);

/** The day a carrier estimate names, in the carrier's own calendar. */
function estimateDay(shipment: OrderShipment): string | undefined {
  const estimate = shipment.estimatedDelivery;
  return estimate?.date ?? (estimate?.to ?? estimate?.from)?.slice(0, 10);
}

/** Whether the order is late, and why: an estimate past the promise, or the promise passed undelivered. */
export function currentDelay(state: OrderState, nowMs: number): Omit<Delay, 'since'> | undefined {
  const deadline = promiseDeadlineMs(state.promisedDeliveryDate);
  if (deadline === undefined || state.status === OrderStatus.CANCELLED || allDelivered(state)) return undefined;
  const late = state.shipments
    .filter((s) => !isDelivered(s) && !isTerminalShipmentStatus(s.ladderStatus))
    .map((s) => ({ ms: estimateMs(s.estimatedDelivery), day: estimateDay(s) }))
    .filter((e): e is { ms: number; day: string | undefined } => e.ms !== undefined)
    .sort((a, b) => b.ms - a.ms)[0];
  if (late && late.ms > deadline) return { reason: 'estimate_slipped', newDate: late.day };
  if (nowMs > deadline || state.promiseMissed) {
    return { reason: 'promise_missed', newDate: late && late.ms > nowMs ? late.day : undefined };
  }
  return undefined;
}

/** Does the delivery meet the confirmation policy, so the money can move? */
export function deliveryVerified(state: OrderState, policy: LifecyclePolicy): { verified: boolean; missingProof: OrderShipment[] } {
  if (state.customerConfirmedAt) return { verified: allDelivered(state), missingProof: [] };
  if (!allDelivered(state) || !state.shipments.every(isConfirmed)) return { verified: false, missingProof: [] };
  const needsProof = policy.proofRequiredAboveAmount !== undefined && (state.escrow.amount ?? 0) > policy.proofRequiredAboveAmount;
  const missingProof = needsProof
    ? state.shipments.filter((s) => !s.manualDelivery && !s.proofOfDelivery?.hasSignature && !s.proofOfDelivery?.hasProofOfDelivery)
    : [];
  return { verified: missingProof.length === 0, missingProof };
}

const settledEscrowStates: ReadonlySet<string> = new Set([EscrowState.NONE, EscrowState.RELEASED, EscrowState.REFUNDED]);

export const isEscrowSettled = (state: OrderState): boolean => settledEscrowStates.has(state.escrow.state) && !state.escrow.pending;

/** Money can still be released or refunded by Waybill's own rules (not by an admin's hand only). */
const escrowOpen = (state: OrderState): boolean =>
  (state.escrow.state === EscrowState.HELD || state.escrow.state === EscrowState.RELEASE_SCHEDULED) && !state.escrow.pending;

/** Hands a release or refund to the provider. The reducer never asks for both. */
export function settle(change: OrderChange, action: EscrowAction, reason: string, now: string): OrderChange {
  const { state } = change;
  if (state.escrow.pending || state.escrow.state === EscrowState.RELEASED || state.escrow.state === EscrowState.REFUNDED) return change;
  if (state.escrow.state === EscrowState.NONE) return change;
  const effect: OrderEffect = { type: 'settleEscrow', action, reason };
  return {
    state: {
      ...state,
      escrow: { ...state.escrow, pending: action, releaseAt: undefined },
      history: [...state.history, entry(now, action === 'release' ? 'escrow_release_requested' : 'escrow_refund_requested', { role: 'system' }, reason)],
    },
    effects: [...change.effects, effect],
    changed: true,
  };
}

export function alert(change: OrderChange, kind: SupportAlertKind, occurrence: string, detail: string, shipmentId?: string): OrderChange {
  const key = `${kind}:${shipmentId ?? '-'}:${occurrence}`;
  const alerted = change.state.alerted ?? [];
  if (alerted.includes(key)) return change;
  const effect: OrderEffect = { type: 'alert', kind, shipmentId, occurrence, detail };
  return { state: { ...change.state, alerted: [...alerted, key] }, effects: [...change.effects, effect], changed: true };
}

const refundDetails = (state: OrderState) =>
  state.escrow.pending === 'refund' && state.escrow.amount !== undefined && state.escrow.currency
    ? { refund: { amount: state.escrow.amount, currency: state.escrow.currency } }
    : undefined;

/** Messages and alerts for what each parcel did in this change. */
function reviewShipments(before: OrderState, change: OrderChange, policy: LifecyclePolicy): OrderChange {
  let next = change;
  for (const shipment of next.state.shipments) {
    const old = before.shipments.find((s) => s.shipmentId === shipment.shipmentId);
    const id = shipment.shipmentId;
    const attempts = shipment.attempts ?? 0;
    if (shipment.status === ShipmentStatus.ATTEMPT_FAILED && attempts > (old?.attempts ?? 0)) {
      const reattemptDate = estimateDay(shipment);
      next = withNotification(next, Milestone.DELIVERY_ATTEMPTED, id, `attempt-${attempts}`, {
        attempt: { number: attempts, final: attempts >= policy.maxDeliveryAttempts, reattemptDate, pickup: shipment.pickup },
      });
    }
    if (shipment.status === ShipmentStatus.AVAILABLE_FOR_PICKUP && old?.status !== ShipmentStatus.AVAILABLE_FOR_PICKUP) {
      next = withNotification(next, Milestone.AVAILABLE_FOR_PICKUP, id, undefined, { pickup: shipment.pickup });
    }
    if (shipment.ladderStatus === ShipmentStatus.RETURNING) next = withNotification(next, Milestone.RETURNING, id);
    if ((shipment.stallCount ?? 0) > (old?.stallCount ?? 0) && shipment.stalled) {
      next = alert(next, SupportAlertKind.SHIPMENT_STALLED, `stall-${shipment.stallCount}`, `No carrier movement since ${shipment.lastEventAt ?? 'the label'}; phase ${shipment.status}.`, id);
    }
    if (shipment.attemptOverdue && !old?.attemptOverdue) {
      next = alert(next, SupportAlertKind.ATTEMPT_FOLLOW_UP_OVERDUE, `attempt-${attempts}`, `No reattempt or pickup after failed attempt ${attempts}.`, id);
    }
    if (shipment.deliveryUnconfirmedOverdue && !old?.deliveryUnconfirmedOverdue) {
      next = alert(next, SupportAlertKind.DELIVERY_UNCONFIRMED, '1', 'A delivered scan was not confirmed by a second read of the carrier.', id);
    }
  }
  return next;
}

/** Messages for parcels that ended badly; they go after the escrow step so they can name the refund. */
function reviewEndings(before: OrderState, change: OrderChange): OrderChange {
  let next = change;
  for (const shipment of next.state.shipments) {
    const old = before.shipments.find((s) => s.shipmentId === shipment.shipmentId);
    if (old?.ladderStatus === shipment.ladderStatus) continue;
    if (shipment.ladderStatus === ShipmentStatus.RETURNED) {
      next = withNotification(next, Milestone.RETURNED, shipment.shipmentId, undefined, refundDetails(next.state));
    }
    if (shipment.ladderStatus === ShipmentStatus.LOST || shipment.ladderStatus === ShipmentStatus.EXPIRED) {
      next = withNotification(next, Milestone.LOST, shipment.shipmentId, undefined, refundDetails(next.state));
    }
  }
  return next;
}

function reviewDelay(change: OrderChange, nowMs: number, now: string): OrderChange {
  const deadline = promiseDeadlineMs(change.state.promisedDeliveryDate);
  // Noticed on the way (an order created late, say): no timer needs to fire for it.
  const missedNow = deadline !== undefined && nowMs > deadline && !change.state.promiseMissed;
  const state = missedNow ? { ...change.state, promiseMissed: true } : change.state;
  const delay = currentDelay(state, nowMs);
  const same = delay?.reason === state.delay?.reason && delay?.newDate === state.delay?.newDate;
  if (same && state.delayed === (delay !== undefined)) return missedNow ? { ...change, state, changed: true } : change;
  const next: OrderChange = {
    state: {
      ...state,
      delayed: delay !== undefined,
      delay: delay && { ...delay, since: state.delay?.since ?? now },
      history: [...state.history, entry(now, delay ? 'delayed' : 'delay_cleared', { role: 'system' }, delay && `${delay.reason}${delay.newDate ? ` → ${delay.newDate}` : ''}`)],
    },
    effects: change.effects,
    changed: true,
  };
  if (!delay) return next;
  return withNotification(next, Milestone.DELAYED, undefined, delay.newDate ?? 'unknown', { newDeliveryDate: delay.newDate, delayReason: delay.reason });
}

/** Once every parcel's story is over: release after the dispute window, refund, or ask an admin. */
function reviewEscrow(change: OrderChange, policy: LifecyclePolicy, nowMs: number, now: string): OrderChange {
  const { state } = change;
  const disputeOpen = !!state.dispute && !state.dispute.resolvedAt;
  if (!escrowOpen(state) || state.escrow.onHold || state.escrow.decisionNeeded || disputeOpen) return change;
  if (state.status === OrderStatus.CANCELLED || state.shipments.length === 0 || !state.shipments.every(isShipmentSettled)) return change;
  const delivered = state.shipments.filter(isDelivered).length;
  if (delivered === 0) return settle(change, 'refund', `No parcel arrived (${state.shipments.map((s) => s.ladderStatus).join(', ')})`, now);
  if (delivered < state.shipments.length) {
    const decided: OrderChange = {
      state: { ...state, escrow: { ...state.escrow, decisionNeeded: true, releaseAt: undefined, state: EscrowState.HELD } },
      effects: change.effects,
      changed: true,
    };
    return alert(decided, SupportAlertKind.ESCROW_DECISION_NEEDED, '1', `${delivered} of ${state.shipments.length} parcels arrived; release or refund?`);
  }
  const { verified, missingProof } = deliveryVerified(state, policy);
  if (!verified) {
    return alert(change, SupportAlertKind.PROOF_OF_DELIVERY_MISSING, '1', `No signature or proof of delivery for ${missingProof.map((s) => s.shipmentId).join(', ')}.`);
  }
  if (state.escrow.state === EscrowState.RELEASE_SCHEDULED) return change;
  const releaseAt = new Date(nowMs + policy.disputeWindowMs).toISOString();
  return {
    state: {
      ...state,
      escrow: { ...state.escrow, state: EscrowState.RELEASE_SCHEDULED, releaseAt },
      history: [...state.history, entry(now, 'escrow_release_scheduled', { role: 'system' }, `after the dispute window, at ${releaseAt}`)],
    },
    effects: change.effects,
    changed: true,
  };
}

/**
 * Everything that follows from a change under the lifecycle: parcel messages and alerts, the delay,
 * the escrow's next step, and the messages for parcels that ended badly.
 */
export function reviewLifecycle(before: OrderState, change: OrderChange, policy: LifecyclePolicy, now: string): OrderChange {
  const nowMs = Date.parse(now);
  let next = reviewShipments(before, change, policy);
  next = reviewDelay(next, nowMs, now);
  next = reviewEscrow(next, policy, nowMs, now);
  next = reviewEndings(before, next);
  if (next === change) return change;
  // The base change already counted its revision; a lifecycle-only change needs one of its own.
  return change.changed ? next : bumpChange(next);
}

/** The next moment the order's own clocks run out, in epoch ms. */
export function nextOrderDeadline(state: OrderState): number | undefined {
  const deadlines: number[] = [];
  const promise = promiseDeadlineMs(state.promisedDeliveryDate);
  if (promise !== undefined && !state.promiseMissed && state.status !== OrderStatus.CANCELLED && !allDelivered(state)) deadlines.push(promise + 1);
  if (state.escrow.state === EscrowState.RELEASE_SCHEDULED && state.escrow.releaseAt && !state.escrow.pending) deadlines.push(Date.parse(state.escrow.releaseAt));
  return deadlines.length > 0 ? Math.min(...deadlines) : undefined;
}

/** What the order's clocks say at `now`: a missed promise, or the end of the dispute window. */
export function applyOrderClocks(state: OrderState, policy: LifecyclePolicy, now: string): OrderChange {
  const nowMs = Date.parse(now);
  let change: OrderChange = { state, effects: [], changed: false };
  const promise = promiseDeadlineMs(state.promisedDeliveryDate);
  if (promise !== undefined && !state.promiseMissed && nowMs > promise && !allDelivered(state) && state.status !== OrderStatus.CANCELLED) {
    change = { state: { ...state, promiseMissed: true }, effects: [], changed: true };
  }
  const { escrow } = change.state;
  if (escrow.state === EscrowState.RELEASE_SCHEDULED && escrow.releaseAt && !escrow.pending && nowMs >= Date.parse(escrow.releaseAt)) {
    change = settle(change, 'release', 'The dispute window ended with no problem reported', now);
  }
  if (!change.changed) return change;
  return bumpChange(reviewLifecycle(state, change, policy, now));
}

/** The order is done when nothing can change any more: parcels settled and money moved (or none held). */
export function isOrderComplete(state: OrderState): boolean {
  const parcelsDone = state.status === OrderStatus.CANCELLED || (state.shipments.length > 0 && state.shipments.every(isShipmentSettled));
  return parcelsDone && isEscrowSettled(state);
}
