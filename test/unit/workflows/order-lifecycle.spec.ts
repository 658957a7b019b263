import {
  cancelWithRefund,
  confirmReceipt,
  escrowSettled,
  escrowSettlementFailed,
  extendDeadline,
  holdEscrow,
  markShipmentDelivered,
  rejectCancelWithLifecycle,
  rejectConfirmReceipt,
  rejectExtendDeadline,
  rejectReleaseEscrow,
  rejectReportProblem,
  rejectResolveDispute,
  reportProblem,
  resolveDispute,
} from '../../../workflows/order/order-actions';
import { applyOrderClocks, isOrderComplete, nextOrderDeadline, promiseDeadlineMs, reviewLifecycle } from '../../../workflows/order/order-lifecycle';
import type { ShipmentUpdate } from '../../../workflows/order/order.messages';
import { addShipment, applyShipmentUpdate, createOrderState, rejectCancel } from '../../../workflows/order/order.state';
import type { OrderChange, OrderState } from '../../../workflows/order/order.types';
import { DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from '../../../workflows/shared/lifecycle-policy';
import { EscrowState, OrderStatus, ShipmentStatus } from '../../../workflows/shared/vocabulary';

const NOW = '2026-11-26T12:00:00.000Z';
const policy: LifecyclePolicy = { ...DEFAULT_LIFECYCLE_POLICY };
const platform = { role: 'platform' as const, keyId: 'key_platform' };
const admin = { role: 'admin' as const, keyId: 'key_admin' };
const customer = { role: 'customer' as const, keyId: 'tok_1' };
const pollPolicy = { preTransitMs: 1, inTransitMs: 1, outForDeliveryMs: 1, awaitingPickupMs: 1, exceptionMs: 1, failureBackoffMs: 1 };
const at = (offsetMs: number) => new Date(Date.parse(NOW) + offsetMs).toISOString();

function order(options: { escrow?: boolean; promised?: string; shipments?: string[] } = {}): OrderState {
  const { escrow = true, promised, shipments = ['shp_1'] } = options;
  let state = createOrderState(
    {
      order: {
        orderId: 'A-1',
        customer: { name: 'Ada', email: 'ada@example.com' },
        promisedDeliveryDate: promised,
        escrow: escrow ? { amount: 5000, currency: 'USD' } : undefined,
      },
      requestHash: 'h',
      pollPolicy,
    },
    NOW,
  ).state;
  for (const id of shipments) {
    state = addShipment(state, { shipmentId: id, carrier: 'ups', trackingNumber: `1Z${id}`, trackingUrl: 'https://t', actor: platform }, NOW).state;
  }
  return state;
}

let revision = 0;
/** A child's report, reviewed by the lifecycle as the workflow does. */
function report(state: OrderState, update: Omit<ShipmentUpdate, 'revision' | 'ladderStatus'> & { ladderStatus?: ShipmentStatus }, now = NOW): OrderChange {
  revision += 1;
  const full: ShipmentUpdate = { ladderStatus: update.status, ...update, revision };
  return reviewLifecycle(state, applyShipmentUpdate(state, full, now), policy, now);
}

const deliveredConfirmed = (state: OrderState, shipmentId = 'shp_1', now = NOW) =>
  report(state, { shipmentId, status: ShipmentStatus.DELIVERED, deliveryConfirmedBy: 'two_polls' }, now);

const effectsOf = (change: OrderChange, type: string) => change.effects.filter((e) => e.type === type);

describe('order lifecycle: delays', () => {
  it('takes a promise as missed only once its day has ended everywhere (UTC−12)', () => {
    expect(new Date(promiseDeadlineMs('2026-11-30')!).toISOString()).toBe('2026-12-01T11:59:59.999Z');
    expect(promiseDeadlineMs(undefined)).toBeUndefined();
  });

  it('marks the order delayed when an estimate slips past the promise, and notifies once per new date', () => {
    const state = order({ promised: '2026-11-30' });
    const slipped = report(state, { shipmentId: 'shp_1', status: ShipmentStatus.IN_TRANSIT, estimatedDelivery: { date: '2026-12-02' } });
    expect(slipped.state.delayed).toBe(true);
    expect(slipped.state.delay).toMatchObject({ reason: 'estimate_slipped', newDate: '2026-12-02' });
    expect(effectsOf(slipped, 'notify')).toEqual([
      expect.objectContaining({ milestone: 'delayed', revision: '2026-12-02', details: { newDeliveryDate: '2026-12-02', delayReason: 'estimate_slipped' } }),
    ]);
    const same = report(slipped.state, { shipmentId: 'shp_1', status: ShipmentStatus.IN_TRANSIT, estimatedDelivery: { date: '2026-12-02' } });
    expect(effectsOf(same, 'notify')).toEqual([]);
    const again = report(same.state, { shipmentId: 'shp_1', status: ShipmentStatus.IN_TRANSIT, estimatedDelivery: { date: '2026-12-03' } });
    expect(effectsOf(again, 'notify')).toEqual([expect.objectContaining({ milestone: 'delayed', revision: '2026-12-03' })]);
  });

  it('marks the order delayed when the promised day passes undelivered, through its clock', () => {
    const state = order({ promised: '2026-11-26' });
    const deadline = nextOrderDeadline(state)!;
    expect(deadline).toBe(promiseDeadlineMs('2026-11-26')! + 1);
    const late = applyOrderClocks(state, policy, new Date(deadline).toISOString());
    expect(late.state.delayed).toBe(true);
    expect(late.state.delay?.reason).toBe('promise_missed');
    expect(effectsOf(late, 'notify')).toEqual([expect.objectContaining({ milestone: 'delayed', revision: 'unknown' })]);
    expect(nextOrderDeadline(late.state)).toBeUndefined();
  });

  it('clears the delay when an admin moves the promise past the estimate', () => {
    const slipped = report(order({ promised: '2026-11-30' }), { shipmentId: 'shp_1', status: ShipmentStatus.IN_TRANSIT, estimatedDelivery: { date: '2026-12-02' } });
    expect(rejectExtendDeadline(slipped.state, { actor: admin, deadline: 'promised_delivery', date: '2026-11-29' })?.type).toBe('InvalidDeadline');
    expect(rejectExtendDeadline(slipped.state, { actor: customer, deadline: 'promised_delivery', date: '2026-12-05' })?.type).toBe('ActionNotAllowed');
    const moved = extendDeadline(slipped.state, { actor: admin, deadline: 'promised_delivery', date: '2026-12-05' }, policy, NOW);
    expect(moved.state.delayed).toBe(false);
    expect(moved.state.history.at(-2)).toMatchObject({ type: 'deadline_extended', actor: admin });
  });
});

describe('order lifecycle: escrow release', () => {
  it('schedules the release after a confirmed delivery and releases when the dispute window ends', () => {
    const delivered = deliveredConfirmed(order());
    expect(delivered.state.escrow.state).toBe(EscrowState.RELEASE_SCHEDULED);
    expect(delivered.state.escrow.releaseAt).toBe(at(policy.disputeWindowMs));
    expect(nextOrderDeadline(delivered.state)).toBe(Date.parse(at(policy.disputeWindowMs)));
    const windowEnd = applyOrderClocks(delivered.state, policy, at(policy.disputeWindowMs));
    expect(effectsOf(windowEnd, 'settleEscrow')).toEqual([{ type: 'settleEscrow', action: 'release', reason: expect.any(String) }]);
    expect(windowEnd.state.escrow.pending).toBe('release');
    const released = escrowSettled(windowEnd.state, { action: 'release', idempotencyKey: 'escrow-release:A-1', transactionId: 'tr_1', outcome: 'settled', settledAt: NOW }, policy, NOW);
    expect(released.state.escrow).toMatchObject({ state: EscrowState.RELEASED, transactionId: 'tr_1' });
    expect(isOrderComplete(released.state)).toBe(true);
  });

  it('never moves money on a delivered scan that no second read confirmed', () => {
    const unconfirmed = report(order(), { shipmentId: 'shp_1', status: ShipmentStatus.DELIVERED });
    expect(unconfirmed.state.status).toBe(OrderStatus.DELIVERED);
    expect(unconfirmed.state.escrow.state).toBe(EscrowState.HELD);
    expect(effectsOf(unconfirmed, 'settleEscrow')).toEqual([]);
    expect(isOrderComplete(unconfirmed.state)).toBe(false);
    expect(rejectReleaseEscrow(unconfirmed.state, { actor: admin, reason: 'x' }, policy)?.type).toBe('DeliveryNotVerified');
  });

  it('asks for proof above the threshold and alerts support instead of releasing', () => {
    const strict = { ...policy, proofRequiredAboveAmount: 1000 };
    const state = order();
    const change = reviewLifecycle(state, applyShipmentUpdate(state, { shipmentId: 'shp_1', revision: 99, status: ShipmentStatus.DELIVERED, ladderStatus: ShipmentStatus.DELIVERED, deliveryConfirmedBy: 'two_polls' }, NOW), strict, NOW);
    expect(change.state.escrow.state).toBe(EscrowState.HELD);
    expect(effectsOf(change, 'alert')).toEqual([expect.objectContaining({ kind: 'proof_of_delivery_missing' })]);
    const withProof = reviewLifecycle(state, applyShipmentUpdate(state, { shipmentId: 'shp_1', revision: 99, status: ShipmentStatus.DELIVERED, ladderStatus: ShipmentStatus.DELIVERED, deliveryConfirmedBy: 'two_polls', proofOfDelivery: { hasSignature: true, hasProofOfDelivery: false, signedBy: 'A' } }, NOW), strict, NOW);
    expect(withProof.state.escrow.state).toBe(EscrowState.RELEASE_SCHEDULED);
  });

  it('waits for every parcel of a multi-parcel order', () => {
    const two = order({ shipments: ['shp_1', 'shp_2'] });
    const one = deliveredConfirmed(two, 'shp_1');
    expect(one.state.status).toBe(OrderStatus.PARTIALLY_DELIVERED);
    expect(one.state.escrow.state).toBe(EscrowState.HELD);
    const both = deliveredConfirmed(one.state, 'shp_2');
    expect(both.state.escrow.state).toBe(EscrowState.RELEASE_SCHEDULED);
  });

  it('releases at once when the customer confirms receipt, and only then', () => {
    const state = order();
    expect(rejectConfirmReceipt(state, { actor: customer })?.type).toBe('OrderNotDelivered');
    const delivered = report(state, { shipmentId: 'shp_1', status: ShipmentStatus.DELIVERED });
    expect(rejectConfirmReceipt(delivered.state, { actor: platform })?.type).toBe('ActionNotAllowed');
    const confirmed = confirmReceipt(delivered.state, { actor: customer }, policy, NOW);
    expect(effectsOf(confirmed, 'settleEscrow')).toEqual([expect.objectContaining({ action: 'release' })]);
    expect(confirmed.state.history.at(-2)).toMatchObject({ type: 'receipt_confirmed', actor: customer });
    expect(confirmReceipt(confirmed.state, { actor: customer }, policy, NOW).changed).toBe(false);
  });
});

describe('order lifecycle: disputes', () => {
  const scheduled = () => deliveredConfirmed(order()).state;

  it('holds the escrow, alerts support and tells the customer when they report the order not received', () => {
    const state = scheduled();
    const disputed = reportProblem(state, { actor: customer, kind: 'not_received', note: 'nothing at the door' }, policy, NOW);
    expect(disputed.state.escrow.state).toBe(EscrowState.DISPUTED);
    expect(disputed.state.escrow.releaseAt).toBeUndefined();
    expect(nextOrderDeadline(disputed.state)).toBeUndefined();
    expect(effectsOf(disputed, 'alert')).toEqual([expect.objectContaining({ kind: 'dispute_opened' })]);
    expect(effectsOf(disputed, 'notify')).toEqual([expect.objectContaining({ milestone: 'dispute_opened' })]);
    expect(reportProblem(disputed.state, { actor: customer, kind: 'not_received' }, policy, NOW).changed).toBe(false);
    expect(rejectConfirmReceipt(disputed.state, { actor: customer })?.type).toBe('DisputeOpen');
  });

  it('lets only an admin resolve, by refund or release, and tells the customer', () => {
    const disputed = reportProblem(scheduled(), { actor: customer, kind: 'not_received' }, policy, NOW).state;
    expect(rejectResolveDispute(disputed, { actor: platform, resolution: 'refund', note: 'x' })?.type).toBe('ActionNotAllowed');
    const refunded = resolveDispute(disputed, { actor: admin, resolution: 'refund', note: 'carrier lost it' }, policy, NOW);
    expect(effectsOf(refunded, 'settleEscrow')).toEqual([expect.objectContaining({ action: 'refund' })]);
    expect(effectsOf(refunded, 'notify')).toEqual([
      expect.objectContaining({ milestone: 'dispute_resolved', details: { disputeResolution: 'refunded', refund: { amount: 5000, currency: 'USD' } } }),
    ]);
    expect(refunded.state.dispute).toMatchObject({ resolution: 'refunded', resolvedAt: NOW });
  });

  it('refuses a report once the money has moved', () => {
    const released = escrowSettled(scheduled(), { action: 'release', idempotencyKey: 'k', transactionId: 'tr', outcome: 'settled', settledAt: NOW }, policy, NOW);
    expect(rejectReportProblem(released.state, { actor: customer, kind: 'not_received' })?.type).toBe('OrderClosed');
  });
});

describe('order lifecycle: attempts, stalls, returns and losses', () => {
  it('tells the customer about each attempt, with its number and the final one marked', () => {
    let state = report(order(), { shipmentId: 'shp_1', status: ShipmentStatus.OUT_FOR_DELIVERY }).state;
    const notices: unknown[] = [];
    for (const attempts of [1, 2, 3]) {
      const change = report(state, { shipmentId: 'shp_1', status: ShipmentStatus.ATTEMPT_FAILED, ladderStatus: ShipmentStatus.OUT_FOR_DELIVERY, attempts });
      notices.push(...effectsOf(change, 'notify'));
      state = report(change.state, { shipmentId: 'shp_1', status: ShipmentStatus.OUT_FOR_DELIVERY, attempts }).state;
    }
    expect(notices).toEqual([
      expect.objectContaining({ milestone: 'delivery_attempted', revision: 'attempt-1', details: { attempt: expect.objectContaining({ number: 1, final: false }) } }),
      expect.objectContaining({ revision: 'attempt-2', details: { attempt: expect.objectContaining({ number: 2, final: false }) } }),
      expect.objectContaining({ revision: 'attempt-3', details: { attempt: expect.objectContaining({ number: 3, final: true }) } }),
    ]);
  });

  it('alerts support once per stall and once for an overdue follow-up', () => {
    const stalled = report(order(), { shipmentId: 'shp_1', status: ShipmentStatus.IN_TRANSIT, stalled: true, stallCount: 1 });
    expect(effectsOf(stalled, 'alert')).toEqual([expect.objectContaining({ kind: 'shipment_stalled', occurrence: 'stall-1', shipmentId: 'shp_1' })]);
    const again = report(stalled.state, { shipmentId: 'shp_1', status: ShipmentStatus.IN_TRANSIT, stalled: true, stallCount: 1 });
    expect(effectsOf(again, 'alert')).toEqual([]);
    const overdue = report(again.state, { shipmentId: 'shp_1', status: ShipmentStatus.ATTEMPT_FAILED, attempts: 1, attemptOverdue: true });
    expect(effectsOf(overdue, 'alert')).toEqual([expect.objectContaining({ kind: 'attempt_follow_up_overdue', occurrence: 'attempt-1' })]);
  });

  it('refunds a returned order and says so in the returned message', () => {
    const returning = report(order(), { shipmentId: 'shp_1', status: ShipmentStatus.RETURNING });
    expect(effectsOf(returning, 'notify')).toEqual([expect.objectContaining({ milestone: 'returning' })]);
    const returned = report(returning.state, { shipmentId: 'shp_1', status: ShipmentStatus.RETURNED });
    expect(returned.state.status).toBe(OrderStatus.RETURNED);
    expect(effectsOf(returned, 'settleEscrow')).toEqual([expect.objectContaining({ action: 'refund' })]);
    expect(effectsOf(returned, 'notify')).toEqual([
      expect.objectContaining({ milestone: 'returned', details: { refund: { amount: 5000, currency: 'USD' } } }),
    ]);
  });

  it('refunds a lost order and tells the customer', () => {
    const lost = report(order(), { shipmentId: 'shp_1', status: ShipmentStatus.LOST, declaredLost: true });
    expect(lost.state.status).toBe(OrderStatus.LOST);
    expect(effectsOf(lost, 'settleEscrow')).toEqual([expect.objectContaining({ action: 'refund' })]);
    expect(effectsOf(lost, 'notify')).toEqual([expect.objectContaining({ milestone: 'lost' })]);
  });

  it('asks an admin when some parcels arrived and some were lost', () => {
    const two = order({ shipments: ['shp_1', 'shp_2'] });
    const mixed = report(deliveredConfirmed(two, 'shp_1').state, { shipmentId: 'shp_2', status: ShipmentStatus.LOST });
    expect(mixed.state.escrow).toMatchObject({ state: EscrowState.HELD, decisionNeeded: true });
    expect(effectsOf(mixed, 'settleEscrow')).toEqual([]);
    expect(effectsOf(mixed, 'alert')).toEqual([expect.objectContaining({ kind: 'escrow_decision_needed' })]);
    const decided = resolveDispute(mixed.state, { actor: admin, resolution: 'release', note: 'partial shipment accepted' }, policy, NOW);
    expect(effectsOf(decided, 'settleEscrow')).toEqual([expect.objectContaining({ action: 'release' })]);
  });

  it('lets an admin mark a parcel delivered with proof, which counts as confirmed', () => {
    const lost = report(order(), { shipmentId: 'shp_1', status: ShipmentStatus.IN_TRANSIT });
    const manual = markShipmentDelivered(lost.state, { actor: admin, shipmentId: 'shp_1', note: 'signed slip', reference: 'T-9' }, policy, NOW);
    expect(manual.state.status).toBe(OrderStatus.DELIVERED);
    expect(manual.state.escrow.state).toBe(EscrowState.RELEASE_SCHEDULED);
    expect(effectsOf(manual, 'markShipmentDelivered')).toEqual([expect.objectContaining({ shipmentId: 'shp_1', note: 'signed slip' })]);
    // A later carrier report never undoes the admin's word.
    const later = report(manual.state, { shipmentId: 'shp_1', status: ShipmentStatus.IN_TRANSIT });
    expect(later.state.shipments[0].status).toBe(ShipmentStatus.DELIVERED);
  });
});

describe('order lifecycle: never both, and cancellation', () => {
  it('refunds on cancellation before shipping', () => {
    const unshipped = order({ shipments: [] });
    const cancelled = cancelWithRefund(unshipped, platform, 'changed mind', policy, NOW);
    expect(cancelled.state.status).toBe(OrderStatus.CANCELLED);
    expect(effectsOf(cancelled, 'settleEscrow')).toEqual([expect.objectContaining({ action: 'refund' })]);
  });

  it('refuses a cancellation after shipping except from an admin, whose cancellation is recorded', () => {
    const shipped = order();
    expect(rejectCancelWithLifecycle(shipped, platform, rejectCancel(shipped))?.type).toBe('OrderAlreadyShipped');
    expect(rejectCancelWithLifecycle(shipped, admin, rejectCancel(shipped))).toBeUndefined();
    const cancelled = cancelWithRefund(shipped, admin, 'fraud', policy, NOW);
    expect(cancelled.state.history.some((h) => h.type === 'cancelled' && h.actor?.role === 'admin')).toBe(true);
  });

  it('never asks for a refund once a release is pending or done', () => {
    const confirmed = confirmReceipt(report(order(), { shipmentId: 'shp_1', status: ShipmentStatus.DELIVERED }).state, { actor: customer }, policy, NOW);
    expect(rejectCancelWithLifecycle(confirmed.state, admin, rejectCancel(confirmed.state))?.type).toBe('EscrowSettlementInProgress');
    const released = escrowSettled(confirmed.state, { action: 'release', idempotencyKey: 'k', transactionId: 'tr', outcome: 'settled', settledAt: NOW }, policy, NOW);
    const cancelled = cancelWithRefund(released.state, admin, 'late', policy, NOW);
    expect(effectsOf(cancelled, 'settleEscrow')).toEqual([]);
    expect(cancelled.state.escrow.state).toBe(EscrowState.RELEASED);
  });

  it('puts the escrow on hold and alerts support when the provider refuses', () => {
    const confirmed = confirmReceipt(report(order(), { shipmentId: 'shp_1', status: ShipmentStatus.DELIVERED }).state, { actor: customer }, policy, NOW);
    const failed = escrowSettlementFailed(confirmed.state, 'release', 'EscrowDeclined', policy, NOW);
    expect(failed.state.escrow).toMatchObject({ state: EscrowState.HELD, onHold: true, pending: undefined });
    expect(effectsOf(failed, 'alert')).toEqual([expect.objectContaining({ kind: 'escrow_action_failed', occurrence: 'release-1' })]);
    expect(holdEscrow(failed.state, { actor: admin, reason: 'x' }, policy, NOW).changed).toBe(false);
  });
});

describe('order lifecycle: timing helpers', () => {
  it('has no clock running for an order with nothing due', () => {
    expect(nextOrderDeadline(order())).toBeUndefined();
    expect(nextOrderDeadline(order({ escrow: false, shipments: [] }))).toBeUndefined();
  });
});
