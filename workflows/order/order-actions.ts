import { SupportAlertKind } from '../shared/support-alert-kinds';
import type { EscrowAction, EscrowSettlementResult } from '../../activities/escrow/escrow.types';
import type { LifecyclePolicy } from '../shared/lifecycle-policy';
import { EscrowState, Milestone, OrderStatus, ShipmentStatus } from '../shared/vocabulary';
import { alert, deliveryVerified, promiseDeadlineMs, reviewLifecycle, settle } from './order-lifecycle';
import {
  OrderRejection,
  type ConfirmReceiptInput,
  type EscrowOverrideInput,
  type ExtendDeadlineInput,
  type MarkShipmentDeliveredInput,
  type ReportProblemInput,
  type ResolveDisputeInput,
} from './order.messages';
import { bumpChange, cancelOrder, entry, recomputeStatus, unchanged, withNotification, type Rejection } from './order.state';
import type { Actor, OrderChange, OrderEffect, OrderState } from './order.types';

/**
 * Customer and admin actions on an order, and the escrow provider's answers. Each `reject…` backs an
 * update's validator (it runs before anything is written to history); each action returns the
 * change, already reviewed by the lifecycle, and records who asked in the order's history.
 */

const reject = (type: OrderRejection, message: string): Rejection => ({ type, message });

const isAdmin = (actor: Actor): boolean => actor.role === 'admin';
const allDelivered = (state: OrderState): boolean =>
  state.shipments.length > 0 && state.shipments.every((s) => s.ladderStatus === ShipmentStatus.DELIVERED);
const anyDelivered = (state: OrderState): boolean => state.shipments.some((s) => s.ladderStatus === ShipmentStatus.DELIVERED);
const disputeOpen = (state: OrderState): boolean => !!state.dispute && !state.dispute.resolvedAt;

function rejectIfCancelled(state: OrderState): Rejection | undefined {
  return state.status === OrderStatus.CANCELLED ? reject(OrderRejection.CANCELLED, `Order ${state.orderId} is cancelled.`) : undefined;
}

function rejectUnlessAdmin(actor: Actor): Rejection | undefined {
  return isAdmin(actor) ? undefined : reject(OrderRejection.FORBIDDEN, 'Only an admin may do this.');
}

function rejectIfEscrowBusy(state: OrderState): Rejection | undefined {
  return state.escrow.pending
    ? reject(OrderRejection.ESCROW_BUSY, `The escrow's ${state.escrow.pending} is being settled with the provider.`)
    : undefined;
}

const reviewed = (before: OrderState, change: OrderChange, policy: LifecyclePolicy, now: string): OrderChange =>
  bumpChange(reviewLifecycle(before, change, policy, now));

const changed = (state: OrderState, effects: OrderEffect[] = []): OrderChange => ({ state, effects, changed: true });

// ── Customer ────────────────────────────────────────────────────────────────

export function rejectConfirmReceipt(state: OrderState, input: ConfirmReceiptInput): Rejection | undefined {
  if (input.actor.role !== 'customer' && !isAdmin(input.actor)) return reject(OrderRejection.FORBIDDEN, 'Only the customer confirms receipt.');
  if (state.customerConfirmedAt) return undefined;
  if (!allDelivered(state)) return reject(OrderRejection.NOT_DELIVERED, `Order ${state.orderId} has not been delivered yet (status ${state.status}).`);
  if (disputeOpen(state)) return reject(OrderRejection.DISPUTE_OPEN, 'A problem report is open; support will resolve it.');
  return undefined;
}

/** Idempotent. Releases at once unless an admin holds the escrow. */
export function confirmReceipt(state: OrderState, input: ConfirmReceiptInput, policy: LifecyclePolicy, now: string): OrderChange {
  if (state.customerConfirmedAt) return unchanged(state);
  let change = changed({ ...state, customerConfirmedAt: now, history: [...state.history, entry(now, 'receipt_confirmed', input.actor)] });
  const escrow = change.state.escrow;
  if ((escrow.state === EscrowState.HELD || escrow.state === EscrowState.RELEASE_SCHEDULED) && !escrow.onHold && !escrow.decisionNeeded) {
    change = settle(change, 'release', 'The customer confirmed receipt', now);
  }
  return reviewed(state, change, policy, now);
}

export function rejectReportProblem(state: OrderState, input: ReportProblemInput): Rejection | undefined {
  if (input.actor.role !== 'customer' && !isAdmin(input.actor)) return reject(OrderRejection.FORBIDDEN, 'Only the customer reports a problem.');
  if (disputeOpen(state)) return undefined;
  if (!anyDelivered(state)) {
    return reject(OrderRejection.NOT_DELIVERED, `Order ${state.orderId} is not marked delivered (status ${state.status}); there is nothing to dispute yet.`);
  }
  if (state.escrow.state === EscrowState.RELEASED || state.escrow.state === EscrowState.REFUNDED || state.escrow.pending) {
    return reject(OrderRejection.CLOSED, 'The dispute window has closed: the payment was already settled.');
  }
  if (state.dispute?.resolvedAt) return reject(OrderRejection.CLOSED, 'A problem report on this order was already resolved.');
  return undefined;
}

/** Idempotent while the dispute is open. Holds the escrow, alerts support, tells the customer. */
export function reportProblem(state: OrderState, input: ReportProblemInput, policy: LifecyclePolicy, now: string): OrderChange {
  if (disputeOpen(state)) return unchanged(state);
  const escrow = state.escrow.state === EscrowState.NONE ? state.escrow : { ...state.escrow, state: EscrowState.DISPUTED, releaseAt: undefined };
  let change = changed({
    ...state,
    escrow,
    dispute: { openedAt: now, reason: input.kind },
    history: [...state.history, entry(now, 'dispute_opened', input.actor, input.note ? `${input.kind}: ${input.note}` : input.kind)],
  });
  change = withNotification(change, Milestone.DISPUTE_OPENED);
  change = alert(change, SupportAlertKind.DISPUTE_OPENED, '1', `The customer reports the order as ${input.kind.replace('_', ' ')}.`);
  return reviewed(state, change, policy, now);
}

// ── Admin ───────────────────────────────────────────────────────────────────

export function rejectResolveDispute(state: OrderState, input: ResolveDisputeInput): Rejection | undefined {
  const notAdmin = rejectUnlessAdmin(input.actor) ?? rejectIfEscrowBusy(state);
  if (notAdmin) return notAdmin;
  if (!disputeOpen(state) && !state.escrow.decisionNeeded) return reject(OrderRejection.NOTHING_TO_RESOLVE, 'There is no open dispute or pending escrow decision.');
  if (input.resolution === 'release' && !anyDelivered(state)) return reject(OrderRejection.DELIVERY_NOT_VERIFIED, 'No parcel of this order was delivered.');
  return undefined;
}

export function resolveDispute(state: OrderState, input: ResolveDisputeInput, policy: LifecyclePolicy, now: string): OrderChange {
  const outcome = input.resolution === 'release' ? 'released' : 'refunded';
  const wasDispute = disputeOpen(state);
  let change = changed({
    ...state,
    dispute: wasDispute && state.dispute ? { ...state.dispute, resolvedAt: now, resolution: outcome } : state.dispute,
    escrow: { ...state.escrow, decisionNeeded: undefined, state: state.escrow.state === EscrowState.DISPUTED ? EscrowState.HELD : state.escrow.state },
    history: [...state.history, entry(now, wasDispute ? 'dispute_resolved' : 'escrow_decided', input.actor, `${input.resolution}: ${input.note}`)],
  });
  change = settle(change, input.resolution, `Admin: ${input.note}`, now);
  if (wasDispute) {
    const refund = input.resolution === 'refund' && state.escrow.amount !== undefined && state.escrow.currency
      ? { amount: state.escrow.amount, currency: state.escrow.currency }
      : undefined;
    change = withNotification(change, Milestone.DISPUTE_RESOLVED, undefined, outcome, { disputeResolution: outcome, refund });
  }
  return reviewed(state, change, policy, now);
}

export function rejectMarkShipmentDelivered(state: OrderState, input: MarkShipmentDeliveredInput): Rejection | undefined {
  const denied = rejectUnlessAdmin(input.actor) ?? rejectIfCancelled(state);
  if (denied) return denied;
  if (!state.shipments.some((s) => s.shipmentId === input.shipmentId)) {
    return reject(OrderRejection.UNKNOWN_SHIPMENT, `Order ${state.orderId} has no shipment ${input.shipmentId}.`);
  }
  return undefined;
}

/** Idempotent per shipment. The parcel counts as delivered and confirmed; its workflow is told to stop. */
export function markShipmentDelivered(state: OrderState, input: MarkShipmentDeliveredInput, policy: LifecyclePolicy, now: string): OrderChange {
  const target = state.shipments.find((s) => s.shipmentId === input.shipmentId);
  if (!target || target.manualDelivery) return unchanged(state);
  const manualDelivery = { at: now, keyId: input.actor.keyId, note: input.note, reference: input.reference };
  const shipments = state.shipments.map((s) =>
    s.shipmentId === input.shipmentId
      ? { ...s, status: ShipmentStatus.DELIVERED, ladderStatus: ShipmentStatus.DELIVERED, deliveryConfirmedBy: 'manual' as const, manualDelivery }
      : s,
  );
  const detail = `${input.shipmentId}: ${input.note}${input.reference ? ` (ref ${input.reference})` : ''}`;
  const next = recomputeStatus({ ...state, shipments, history: [...state.history, entry(now, 'delivery_marked_manually', input.actor, detail)] }, now);
  let change = changed(next, [{ type: 'markShipmentDelivered', shipmentId: input.shipmentId, keyId: input.actor.keyId, note: input.note }]);
  change = withNotification(change, Milestone.DELIVERED, input.shipmentId);
  return reviewed(state, change, policy, now);
}

export function rejectExtendDeadline(state: OrderState, input: ExtendDeadlineInput): Rejection | undefined {
  const denied = rejectUnlessAdmin(input.actor) ?? rejectIfCancelled(state) ?? rejectIfEscrowBusy(state);
  if (denied) return denied;
  if (input.deadline === 'promised_delivery') {
    const next = promiseDeadlineMs(input.date);
    if (next === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(input.date)) return reject(OrderRejection.INVALID_DEADLINE, 'date must be a day, YYYY-MM-DD.');
    const current = promiseDeadlineMs(state.promisedDeliveryDate);
    if (current !== undefined && next <= current) return reject(OrderRejection.INVALID_DEADLINE, `The promised day is ${state.promisedDeliveryDate}; a new one must be later.`);
    return undefined;
  }
  if (state.escrow.state !== EscrowState.RELEASE_SCHEDULED || !state.escrow.releaseAt) {
    return reject(OrderRejection.INVALID_DEADLINE, 'The dispute window is not running: no release is scheduled.');
  }
  const until = Date.parse(input.until);
  if (Number.isNaN(until) || until <= Date.parse(state.escrow.releaseAt)) {
    return reject(OrderRejection.INVALID_DEADLINE, `The dispute window ends at ${state.escrow.releaseAt}; a new end must be a later instant.`);
  }
  return undefined;
}

/** Moves a deadline later; the workflow's timer follows because it is recomputed from state. */
export function extendDeadline(state: OrderState, input: ExtendDeadlineInput, policy: LifecyclePolicy, now: string): OrderChange {
  if (input.deadline === 'promised_delivery') {
    const next: OrderState = {
      ...state,
      promisedDeliveryDate: input.date,
      promiseMissed: false,
      history: [...state.history, entry(now, 'deadline_extended', input.actor, `promised delivery ${state.promisedDeliveryDate ?? 'none'} → ${input.date}`)],
    };
    return reviewed(state, changed(next), policy, now);
  }
  const until = new Date(Date.parse(input.until)).toISOString();
  const next: OrderState = {
    ...state,
    escrow: { ...state.escrow, releaseAt: until },
    history: [...state.history, entry(now, 'deadline_extended', input.actor, `dispute window ${state.escrow.releaseAt} → ${until}`)],
  };
  return reviewed(state, changed(next), policy, now);
}

export function rejectHoldEscrow(state: OrderState, input: EscrowOverrideInput): Rejection | undefined {
  const denied = rejectUnlessAdmin(input.actor) ?? rejectIfEscrowBusy(state);
  if (denied) return denied;
  if (state.escrow.state !== EscrowState.HELD && state.escrow.state !== EscrowState.RELEASE_SCHEDULED && state.escrow.state !== EscrowState.DISPUTED) {
    return reject(OrderRejection.ESCROW_NOT_HELD, `The escrow is ${state.escrow.state}; there is nothing to hold.`);
  }
  return undefined;
}

/** Idempotent. Cancels a scheduled release; from now on only an admin releases. */
export function holdEscrow(state: OrderState, input: EscrowOverrideInput, policy: LifecyclePolicy, now: string): OrderChange {
  if (state.escrow.onHold) return unchanged(state);
  const escrow = { ...state.escrow, onHold: true, releaseAt: undefined, state: state.escrow.state === EscrowState.RELEASE_SCHEDULED ? EscrowState.HELD : state.escrow.state };
  return reviewed(state, changed({ ...state, escrow, history: [...state.history, entry(now, 'escrow_held', input.actor, input.reason)] }), policy, now);
}

export function rejectReleaseEscrow(state: OrderState, input: EscrowOverrideInput, policy: LifecyclePolicy): Rejection | undefined {
  const denied = rejectUnlessAdmin(input.actor) ?? rejectIfEscrowBusy(state);
  if (denied) return denied;
  if (state.escrow.state !== EscrowState.HELD && state.escrow.state !== EscrowState.RELEASE_SCHEDULED) {
    const hint = state.escrow.state === EscrowState.DISPUTED ? ' Resolve the dispute instead.' : '';
    return reject(OrderRejection.ESCROW_NOT_HELD, `The escrow is ${state.escrow.state}.${hint}`);
  }
  if (!deliveryVerified(state, policy).verified) {
    return reject(OrderRejection.DELIVERY_NOT_VERIFIED, 'Delivery is not verified: mark the parcels delivered with proof first.');
  }
  return undefined;
}

export function releaseEscrow(state: OrderState, input: EscrowOverrideInput, policy: LifecyclePolicy, now: string): OrderChange {
  const change = changed({
    ...state,
    escrow: { ...state.escrow, onHold: undefined },
    history: [...state.history, entry(now, 'escrow_release_ordered', input.actor, input.reason)],
  });
  return reviewed(state, settle(change, 'release', `Admin: ${input.reason}`, now), policy, now);
}

// ── Cancellation ────────────────────────────────────────────────────────────

/** Before shipping anyone may cancel; after shipping only an admin, whose cancellation is recorded. */
export function rejectCancelWithLifecycle(state: OrderState, actor: Actor, baseRejection: Rejection | undefined): Rejection | undefined {
  if (baseRejection?.type === OrderRejection.ALREADY_SHIPPED && isAdmin(actor)) return rejectIfEscrowBusy(state);
  return baseRejection ?? rejectIfEscrowBusy(state);
}

/** Cancels, and refunds the escrow unless it was already released. */
export function cancelWithRefund(state: OrderState, actor: Actor, reason: string | undefined, policy: LifecyclePolicy, now: string): OrderChange {
  const base = cancelOrder(state, actor, reason, now);
  if (!base.changed) return base;
  const escrow = base.state.escrow;
  let change: OrderChange = { ...base, state: { ...base.state, escrow: { ...escrow, decisionNeeded: undefined, onHold: undefined } } };
  if (escrow.state === EscrowState.HELD || escrow.state === EscrowState.RELEASE_SCHEDULED || escrow.state === EscrowState.DISPUTED) {
    change = settle(change, 'refund', 'The order was cancelled', now);
  }
  // cancelOrder already counted the revision.
  return reviewLifecycle(state, change, policy, now);
}

// ── The escrow provider's answers ───────────────────────────────────────────

export function escrowSettled(state: OrderState, result: EscrowSettlementResult, policy: LifecyclePolicy, now: string): OrderChange {
  const next: OrderState = {
    ...state,
    escrow: {
      ...state.escrow,
      state: result.action === 'release' ? EscrowState.RELEASED : EscrowState.REFUNDED,
      pending: undefined,
      releaseAt: undefined,
      transactionId: result.transactionId,
      settledAt: result.settledAt,
    },
    history: [...state.history, entry(now, result.action === 'release' ? 'escrow_released' : 'escrow_refunded', { role: 'system' }, result.transactionId)],
  };
  return reviewed(state, changed(next), policy, now);
}

/**
 * The provider says the money already moved the other way (an earlier action whose answer was lost,
 * then a retry cap ran out). The order takes the provider's word, and support hears of it.
 */
export function escrowFoundSettledOtherwise(
  state: OrderState,
  refused: EscrowAction,
  settledAs: { action: EscrowAction; transactionId?: string },
  policy: LifecyclePolicy,
  now: string,
): OrderChange {
  let change = changed({
    ...state,
    escrow: {
      ...state.escrow,
      state: settledAs.action === 'release' ? EscrowState.RELEASED : EscrowState.REFUNDED,
      pending: undefined,
      releaseAt: undefined,
      onHold: undefined,
      transactionId: settledAs.transactionId ?? state.escrow.transactionId,
      settledAt: state.escrow.settledAt ?? now,
    },
    history: [
      ...state.history,
      entry(now, settledAs.action === 'release' ? 'escrow_released' : 'escrow_refunded', { role: 'system' }, `found at the provider when a ${refused} was refused${settledAs.transactionId ? `: ${settledAs.transactionId}` : ''}`),
    ],
  });
  change = alert(change, SupportAlertKind.ESCROW_ACTION_FAILED, `${refused}-settled-otherwise`, `The escrow ${refused} was refused: the provider had already ${settledAs.action === 'release' ? 'released' : 'refunded'} the payment.`);
  return reviewed(state, change, policy, now);
}

/** The provider refused for good, or retries ran out: the money stays held, on hold, and support looks. */
export function escrowSettlementFailed(state: OrderState, action: EscrowAction, failure: string, policy: LifecyclePolicy, now: string): OrderChange {
  const failures = state.history.filter((h) => h.type === 'escrow_action_failed').length + 1;
  let change = changed({
    ...state,
    escrow: {
      ...state.escrow,
      pending: undefined,
      onHold: true,
      state: state.escrow.state === EscrowState.RELEASE_SCHEDULED ? EscrowState.HELD : state.escrow.state,
    },
    history: [...state.history, entry(now, 'escrow_action_failed', { role: 'system' }, `${action}: ${failure}`)],
  });
  change = alert(change, SupportAlertKind.ESCROW_ACTION_FAILED, `${action}-${failures}`, `The escrow ${action} failed: ${failure}`);
  return reviewed(state, change, policy, now);
}
