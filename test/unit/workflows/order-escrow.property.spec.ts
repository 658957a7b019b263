import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger } from '@temporalio/worker';
import fc from 'fast-check';
import { createEscrowActivities } from '../../../activities/escrow/escrow.activities';
import { EscrowFailureType, type EscrowAction, type EscrowSettlementResult } from '../../../activities/escrow/escrow.types';
import {
  cancelWithRefund,
  confirmReceipt,
  escrowFoundSettledOtherwise,
  escrowSettled,
  escrowSettlementFailed,
  holdEscrow,
  markShipmentDelivered,
  rejectCancelWithLifecycle,
  rejectConfirmReceipt,
  rejectHoldEscrow,
  rejectMarkShipmentDelivered,
  rejectReleaseEscrow,
  rejectReportProblem,
  rejectResolveDispute,
  releaseEscrow,
  reportProblem,
  resolveDispute,
} from '../../../workflows/order/order-actions';
import { applyOrderClocks, deliveryVerified, nextOrderDeadline, reviewLifecycle } from '../../../workflows/order/order-lifecycle';
import type { ShipmentUpdate } from '../../../workflows/order/order.messages';
import { addShipment, applyShipmentUpdate, createOrderState, rejectCancel } from '../../../workflows/order/order.state';
import type { Actor, OrderChange, OrderState } from '../../../workflows/order/order.types';
import { DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from '../../../workflows/shared/lifecycle-policy';
import { EscrowState, ShipmentStatus } from '../../../workflows/shared/vocabulary';
import { ladderRank, isSideStatus, isTerminalShipmentStatus } from '../../../workflows/shipment/shipment-status-rules';
import { InMemoryEscrowLedger, InMemoryEscrowProvider, type InMemoryEscrowFailure } from '../../support/in-memory-escrow';

/**
 * The order's reducers, driven the way the order workflow drives them, by random sequences of parcel
 * reports (duplicated, stale and out of order), customer and admin actions, clock ticks, worker
 * restarts, and escrow settlements that run the real `settleEscrow` activity against an in-memory
 * provider with injected faults. After every step and at the end:
 * - the provider holds at most one transaction for the order: never both a release and a refund;
 * - a release is only ever requested on verified delivery (or an admin's decision on a delivered parcel);
 * - no settlement is requested while another is in flight, or after the money moved;
 * - when the money moved, the order says so, or support was alerted.
 */
const ORDER_ID = 'P-1';
const START = Date.parse('2026-11-20T12:00:00.000Z');
const HOUR = 3_600_000;
const policy: LifecyclePolicy = { ...DEFAULT_LIFECYCLE_POLICY, proofRequiredAboveAmount: 10_000 };
const customer: Actor = { role: 'customer', keyId: 'tok_1' };
const admin: Actor = { role: 'admin', keyId: 'key_admin' };
const platform: Actor = { role: 'platform', keyId: 'key_platform' };
const iso = (ms: number) => new Date(ms).toISOString();

const CHILD_STATUSES = [
  ShipmentStatus.IN_TRANSIT,
  ShipmentStatus.OUT_FOR_DELIVERY,
  ShipmentStatus.ATTEMPT_FAILED,
  ShipmentStatus.AVAILABLE_FOR_PICKUP,
  ShipmentStatus.DELIVERED,
  ShipmentStatus.EXCEPTION,
  ShipmentStatus.RETURNING,
  ShipmentStatus.RETURNED,
  ShipmentStatus.LOST,
] as const;

type Op =
  | { op: 'scan'; parcel: number; status: (typeof CHILD_STATUSES)[number]; confirmed: boolean; signed: boolean }
  | { op: 'confirmDelivery'; parcel: number; by: 'push_and_poll' | 'two_polls' }
  | { op: 'redeliver'; parcel: number; pick: number }
  | { op: 'confirmReceipt' }
  | { op: 'reportProblem' }
  | { op: 'resolve'; resolution: EscrowAction }
  | { op: 'hold' }
  | { op: 'release' }
  | { op: 'cancel'; byAdmin: boolean }
  | { op: 'markDelivered'; parcel: number }
  | { op: 'tick'; ms: number }
  | { op: 'settle'; fault: InMemoryEscrowFailure | 'lookup' | 'none' }
  | { op: 'exhaustRetries' }
  | { op: 'restart' }
  | { op: 'expireKeys' };

const parcel = fc.integer({ min: 0, max: 1 });
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('scan' as const), parcel, status: fc.constantFrom(...CHILD_STATUSES), confirmed: fc.boolean(), signed: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('confirmDelivery' as const), parcel, by: fc.constantFrom('push_and_poll' as const, 'two_polls' as const) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('redeliver' as const), parcel, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ op: 'confirmReceipt' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'reportProblem' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('resolve' as const), resolution: fc.constantFrom<EscrowAction>('release', 'refund') }) },
  { weight: 1, arbitrary: fc.constant({ op: 'hold' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'release' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), byAdmin: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('markDelivered' as const), parcel }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('tick' as const), ms: fc.constantFrom(60_000, HOUR, 24 * HOUR, 4 * 24 * HOUR, 20 * 24 * HOUR) }) },
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('settle' as const), fault: fc.constantFrom('none' as const, 'none' as const, 'unavailable' as const, 'timeout_after_commit' as const, 'decline' as const, 'busy' as const, 'lookup' as const) }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'exhaustRetries' as const }) },
  { weight: 2, arbitrary: fc.constant({ op: 'restart' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'expireKeys' as const }) },
);

/** One parcel's workflow as the order sees it: the updates it has sent, its ladder, whether it ended. */
interface Child {
  shipmentId: string;
  sent: ShipmentUpdate[];
  ladder: ShipmentStatus;
  attempts: number;
  ended: boolean;
  awaitingConfirmation: boolean;
}

class Violation extends Error {}
const check = (ok: boolean, message: string) => {
  if (!ok) throw new Violation(message);
};

class OrderWorld {
  state: OrderState;
  clock = START;
  readonly children: Child[];
  readonly inFlight: Array<{ action: EscrowAction; reason: string }> = [];
  readonly ledger = new InMemoryEscrowLedger(() => new Date(this.clock));
  readonly provider = new InMemoryEscrowProvider(() => new Date(this.clock));
  readonly settleEscrow = createEscrowActivities({ ledger: this.ledger, provider: this.provider }).settleEscrow;
  readonly alertsRaised: string[] = [];
  readonly log: string[] = [];

  constructor(amount: number, parcels: number) {
    let state = createOrderState(
      {
        order: { orderId: ORDER_ID, customer: { name: 'Ada', email: 'ada@example.com' }, escrow: { amount, currency: 'USD' }, promisedDeliveryDate: '2026-11-24' },
        requestHash: 'h',
        pollPolicy: { preTransitMs: 1, inTransitMs: 1, outForDeliveryMs: 1, awaitingPickupMs: 1, exceptionMs: 1, failureBackoffMs: 1 },
        lifecycle: policy,
      },
      iso(this.clock),
    ).state;
    this.children = [];
    for (let i = 0; i < parcels; i++) {
      const shipmentId = `shp_${i}`;
      state = reviewLifecycle(state, addShipment(state, { shipmentId, carrier: 'ups', trackingNumber: `1Z${i}`, trackingUrl: 'https://t', actor: platform }, iso(this.clock)), policy, iso(this.clock)).state;
      this.children.push({ shipmentId, sent: [], ladder: ShipmentStatus.PENDING, attempts: 0, ended: false, awaitingConfirmation: false });
    }
    this.state = state;
  }

  get now(): string {
    return iso(this.clock);
  }

  /** As the workflow's `apply` and `commit`: take the change, check it, start its effects. */
  apply(change: OrderChange, via: string): void {
    const before = this.state;
    for (const effect of change.effects) {
      if (effect.type === 'settleEscrow') {
        check(!before.escrow.pending && this.inFlight.length === 0, `${via}: a ${effect.action} was requested while a ${before.escrow.pending} was in flight`);
        check(before.escrow.state !== EscrowState.RELEASED && before.escrow.state !== EscrowState.REFUNDED, `${via}: a ${effect.action} was requested after the escrow was ${before.escrow.state}`);
        if (effect.action === 'release') {
          const adminDecision = via === 'resolve' && change.state.shipments.some((s) => s.ladderStatus === ShipmentStatus.DELIVERED);
          check(deliveryVerified(change.state, policy).verified || adminDecision, `${via}: release requested without verified delivery`);
        }
        this.inFlight.push({ action: effect.action, reason: effect.reason });
      } else if (effect.type === 'alert') {
        this.alertsRaised.push(effect.kind);
      } else if (effect.type === 'markShipmentDelivered') {
        const child = this.children.find((c) => c.shipmentId === effect.shipmentId);
        if (child && !child.ended) this.report(child, ShipmentStatus.DELIVERED, { deliveryConfirmedBy: 'manual' });
      }
    }
    this.state = change.state;
  }

  /** The child sends its next update to the order, as its `shipmentUpdated` signal. */
  report(child: Child, status: ShipmentStatus, extra: Partial<ShipmentUpdate> = {}): void {
    if (!isSideStatus(status) && ladderRank(status) > ladderRank(child.ladder)) child.ladder = status;
    if (status === ShipmentStatus.ATTEMPT_FAILED) child.attempts += 1;
    const update: ShipmentUpdate = {
      shipmentId: child.shipmentId,
      revision: child.sent.length + 1,
      status: isSideStatus(status) || status === child.ladder ? status : child.ladder,
      ladderStatus: child.ladder,
      attempts: child.attempts,
      lastEventAt: this.now,
      ...extra,
    };
    child.sent.push(update);
    child.awaitingConfirmation = child.ladder === ShipmentStatus.DELIVERED && !update.deliveryConfirmedBy;
    child.ended = isTerminalShipmentStatus(child.ladder) && !child.awaitingConfirmation;
    this.deliver(update);
  }

  deliver(update: ShipmentUpdate): void {
    this.apply(reviewLifecycle(this.state, applyShipmentUpdate(this.state, update, this.now), policy, this.now), 'shipment update');
  }

  /** An update: the validator first, as Temporal runs it, then the handler. */
  update(rejection: unknown, run: () => OrderChange, via: string): void {
    if (rejection) return;
    this.apply(run(), via);
  }

  async settleNext(fault: Op & { op: 'settle' }): Promise<void> {
    const next = this.inFlight[0];
    if (!next) return;
    if (fault.fault === 'lookup') this.provider.failLookups(1);
    else if (fault.fault !== 'none') this.provider.failCreates(fault.fault);
    const { amount, currency } = this.state.escrow;
    const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR', () => undefined) });
    let result: EscrowSettlementResult;
    try {
      result = await env.run(this.settleEscrow, { orderId: ORDER_ID, action: next.action, amount: amount!, currency: currency!, reason: next.reason });
    } catch (err) {
      const failure = err instanceof ApplicationFailure ? err : undefined;
      // Retryable: Temporal tries again later (a later `settle` step); nothing reaches the workflow.
      if (!failure?.nonRetryable) return;
      this.inFlight.shift();
      const settledAs = failure.type === EscrowFailureType.SETTLED_OTHERWISE ? (failure.details?.[0] as { action: EscrowAction; transactionId?: string }) : undefined;
      this.apply(
        settledAs
          ? escrowFoundSettledOtherwise(this.state, next.action, settledAs, policy, this.now)
          : escrowSettlementFailed(this.state, next.action, failure.type ?? 'failed', policy, this.now),
        'settlement failure',
      );
      return;
    }
    this.inFlight.shift();
    this.apply(escrowSettled(this.state, result, policy, this.now), 'settlement');
  }

  exhaustRetries(): void {
    const next = this.inFlight.shift();
    if (next) this.apply(escrowSettlementFailed(this.state, next.action, 'retries exhausted', policy, this.now), 'retries exhausted');
  }

  tick(ms: number): void {
    this.clock += ms;
    const deadline = nextOrderDeadline(this.state);
    if (deadline !== undefined && deadline <= this.clock) this.apply(applyOrderClocks(this.state, policy, this.now), 'clock');
  }

  async step(op: Op): Promise<void> {
    this.log.push(JSON.stringify(op));
    const s = this.state;
    switch (op.op) {
      case 'scan': {
        const child = this.children[op.parcel % this.children.length];
        if (child.ended || child.awaitingConfirmation) return;
        const proofOfDelivery = op.status === ShipmentStatus.DELIVERED && op.signed ? { signedBy: 'MORGAN', hasSignature: true, hasProofOfDelivery: true } : undefined;
        const confirmed = op.status === ShipmentStatus.DELIVERED && op.confirmed ? { deliveryConfirmedBy: 'two_polls' as const } : {};
        this.report(child, op.status, { ...confirmed, proofOfDelivery, declaredLost: op.status === ShipmentStatus.LOST ? true : undefined });
        return;
      }
      case 'confirmDelivery': {
        const child = this.children[op.parcel % this.children.length];
        if (child.awaitingConfirmation) this.report(child, ShipmentStatus.DELIVERED, { deliveryConfirmedBy: op.by });
        return;
      }
      case 'redeliver': {
        const child = this.children[op.parcel % this.children.length];
        if (child.sent.length > 0) this.deliver(child.sent[op.pick % child.sent.length]);
        return;
      }
      case 'confirmReceipt':
        return this.update(rejectConfirmReceipt(s, { actor: customer }), () => confirmReceipt(s, { actor: customer }, policy, this.now), 'confirmReceipt');
      case 'reportProblem': {
        const input = { actor: customer, kind: 'not_received' as const };
        return this.update(rejectReportProblem(s, input), () => reportProblem(s, input, policy, this.now), 'reportProblem');
      }
      case 'resolve': {
        const input = { actor: admin, resolution: op.resolution, note: 'decided' };
        return this.update(rejectResolveDispute(s, input), () => resolveDispute(s, input, policy, this.now), 'resolve');
      }
      case 'hold':
        return this.update(rejectHoldEscrow(s, { actor: admin, reason: 'look' }), () => holdEscrow(s, { actor: admin, reason: 'look' }, policy, this.now), 'hold');
      case 'release':
        return this.update(rejectReleaseEscrow(s, { actor: admin, reason: 'ok' }, policy), () => releaseEscrow(s, { actor: admin, reason: 'ok' }, policy, this.now), 'release');
      case 'cancel': {
        const actor = op.byAdmin ? admin : platform;
        return this.update(rejectCancelWithLifecycle(s, actor, rejectCancel(s)), () => cancelWithRefund(s, actor, 'cancelled', policy, this.now), 'cancel');
      }
      case 'markDelivered': {
        const input = { actor: admin, shipmentId: this.children[op.parcel % this.children.length].shipmentId, note: 'signed slip', reference: 'T-1' };
        return this.update(rejectMarkShipmentDelivered(s, input), () => markShipmentDelivered(s, input, policy, this.now), 'markDelivered');
      }
      case 'tick':
        return this.tick(op.ms);
      case 'settle':
        return this.settleNext(op);
      case 'exhaustRetries':
        return this.exhaustRetries();
      case 'restart':
        // A new worker rebuilds the order from its history: the state as plain data, nothing else kept.
        this.state = JSON.parse(JSON.stringify(this.state)) as OrderState;
        return;
      case 'expireKeys':
        this.provider.expireIdempotencyKeys();
        return;
    }
  }

  /** Every in-flight settlement finishes and every clock runs out, as a run that is left alone. */
  async drain(): Promise<void> {
    for (let round = 0; round < 20; round++) {
      if (this.inFlight.length > 0) await this.settleNext({ op: 'settle', fault: 'none' });
      else if (nextOrderDeadline(this.state) !== undefined) this.tick(Math.max(1, nextOrderDeadline(this.state)! - this.clock));
      else return;
    }
  }

  checkMoney(): void {
    const moved = this.provider.transactionsOf(ORDER_ID);
    check(moved.length <= 1, `the provider holds ${moved.length} transactions: ${moved.map((t) => t.action).join(', ')}`);
    const escrow = this.state.escrow;
    if (escrow.state === EscrowState.RELEASED || escrow.state === EscrowState.REFUNDED) {
      const action = escrow.state === EscrowState.RELEASED ? 'release' : 'refund';
      check(moved.length === 1 && moved[0].action === action && moved[0].id === escrow.transactionId, `the order says ${escrow.state} (${escrow.transactionId}) but the provider holds ${JSON.stringify(moved)}`);
    }
  }

  checkSettledOrAlerted(): void {
    const [moved] = this.provider.transactionsOf(ORDER_ID);
    if (!moved || this.inFlight.length > 0) return;
    const says = this.state.escrow.state;
    const agrees = (moved.action === 'release' && says === EscrowState.RELEASED) || (moved.action === 'refund' && says === EscrowState.REFUNDED);
    check(agrees || this.alertsRaised.includes('escrow_action_failed'), `the provider holds a ${moved.action} but the order says ${says} and support was never alerted`);
  }
}

async function play(amount: number, parcels: number, ops: Op[]): Promise<OrderWorld> {
  const world = new OrderWorld(amount, parcels);
  try {
    for (const op of ops) {
      await world.step(op);
      world.checkMoney();
    }
    await world.drain();
    world.checkMoney();
    world.checkSettledOrAlerted();
  } catch (err) {
    if (err instanceof Violation) err.message += `\n  after: ${world.log.join('\n         ')}`;
    throw err;
  }
  return world;
}

describe('order escrow under random histories (property)', () => {
  it('moves the money at most once, one way, only on verified delivery, and never silently disagrees with the provider', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(4999, 25_000), fc.integer({ min: 1, max: 2 }), fc.array(opArbitrary, { minLength: 5, maxLength: 60 }), async (amount, parcels, ops) => {
        await play(amount, parcels, ops);
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it('a delivered, confirmed order left alone is released exactly once (the property has teeth)', async () => {
    const world = await play(4999, 1, [
      { op: 'scan', parcel: 0, status: ShipmentStatus.IN_TRANSIT, confirmed: false, signed: false },
      { op: 'scan', parcel: 0, status: ShipmentStatus.DELIVERED, confirmed: true, signed: true },
      { op: 'redeliver', parcel: 0, pick: 1 },
      { op: 'restart' },
    ]);
    expect(world.state.escrow.state).toBe(EscrowState.RELEASED);
    expect(world.provider.transactionsOf(ORDER_ID).map((t) => t.action)).toEqual(['release']);
  });

  it('a release whose answer was lost, then a refund: the order adopts the release and alerts support', async () => {
    const world = await play(4999, 1, [
      { op: 'scan', parcel: 0, status: ShipmentStatus.DELIVERED, confirmed: true, signed: true },
      { op: 'confirmReceipt' },
      { op: 'settle', fault: 'timeout_after_commit' },
      { op: 'exhaustRetries' },
      { op: 'cancel', byAdmin: true },
      { op: 'settle', fault: 'none' },
    ]);
    expect(world.provider.transactionsOf(ORDER_ID).map((t) => t.action)).toEqual(['release']);
    expect(world.state.escrow.state).toBe(EscrowState.RELEASED);
    expect(world.alertsRaised).toContain('escrow_action_failed');
  });
});
