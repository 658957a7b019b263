import type { LifecyclePolicy } from '../shared/lifecycle-policy';
import type { TrackingEvent } from '../shared/tracking';
import { ShipmentStatus } from '../shared/vocabulary';
import { isTerminalShipmentStatus } from './shipment-status-rules';

/**
 * The shipment's clocks and evidence: when the carrier last moved the parcel, whether it stalled,
 * whether a failed attempt was followed up, and how its delivery was confirmed. Pure functions of
 * the state and the workflow's time; the workflow turns `nextDeadline` into a durable timer.
 */
export interface ShipmentLifecycle {
  /** Workflow time of the last carrier news about the parcel (or of the shipment's start). */
  lastMovementAt: string;
  /** Set while the parcel is stalled: no movement for longer than its phase allows. */
  stalledSince?: string;
  /** Stalls so far; names each stall's support alert. */
  stallCount: number;
  /** After a failed attempt: when a reattempt or a pickup should have happened by. */
  attemptFollowUpDue?: string;
  /** The latest failed attempt was not followed up in time. */
  attemptOverdue: boolean;
  delivery?: DeliveryConfirmation;
  /** Waybill, not the carrier, ended the parcel as lost (or expired) after its silence. */
  declaredLostAt?: string;
}

/** A read of the carrier that showed the parcel delivered: a pushed event or a poll of the carrier's API. */
export type DeliveryRead = 'push' | 'poll';

export interface DeliveryConfirmation {
  /** Workflow time of the first read that showed the parcel delivered. */
  firstSeenAt: string;
  /** Reads that agreed, since the last read that contradicted them. */
  reads: DeliveryRead[];
  confirmedBy?: 'push_and_poll' | 'two_polls' | 'manual';
  /** The delivery stayed unconfirmed past the policy's timeout; support was told. */
  overdue: boolean;
}

export interface ManualDelivery {
  at: string;
  keyId?: string;
  note: string;
}

export const startLifecycle = (now: string): ShipmentLifecycle => ({ lastMovementAt: now, stallCount: 0, attemptOverdue: false });

/** What one read of the carrier (a poll answer or a pushed batch) told the shipment. */
export interface CarrierRead {
  source: DeliveryRead;
  /** Events the shipment had not seen before. */
  newEvents: readonly TrackingEvent[];
  /** Every event the read carried; a poll carries the carrier's whole timeline. */
  events: readonly TrackingEvent[];
  /** The shipment's status after the read was applied. */
  status: ShipmentStatus;
  ladderStatus: ShipmentStatus;
}

const CONFIRMING_STATUSES: ReadonlySet<ShipmentStatus> = new Set([ShipmentStatus.DELIVERED]);

/**
 * Folds one carrier read into the clocks. News restarts the stall clock and clears a stall; a failed
 * attempt starts its follow-up clock and any later progress stops it; a read that shows the parcel
 * delivered counts as evidence, and a poll that no longer shows it withdraws the evidence so far.
 */
export function afterCarrierRead(lifecycle: ShipmentLifecycle, read: CarrierRead, policy: LifecyclePolicy, now: string): ShipmentLifecycle {
  let next = lifecycle;
  if (read.newEvents.length > 0) {
    next = { ...next, lastMovementAt: now, stalledSince: undefined };
    if (read.newEvents.some((e) => e.status === ShipmentStatus.ATTEMPT_FAILED) && read.status === ShipmentStatus.ATTEMPT_FAILED) {
      next = { ...next, attemptFollowUpDue: addMs(now, policy.attemptFollowUpMs), attemptOverdue: false };
    } else if (read.status !== ShipmentStatus.ATTEMPT_FAILED) {
      next = { ...next, attemptFollowUpDue: undefined, attemptOverdue: false };
    }
  }
  if (read.ladderStatus !== ShipmentStatus.DELIVERED || next.delivery?.confirmedBy) return next;
  const showsDelivered = read.events.some((e) => CONFIRMING_STATUSES.has(e.status));
  if (showsDelivered) {
    const delivery = next.delivery ?? { firstSeenAt: now, reads: [], overdue: false };
    const reads = [...delivery.reads, read.source];
    return { ...next, delivery: { ...delivery, reads, confirmedBy: confirmationOf(reads) } };
  }
  if (read.source === 'poll' && next.delivery && next.delivery.reads.length > 0) {
    // The carrier's own timeline no longer has the delivery: the scan was withdrawn or spurious.
    return { ...next, delivery: { ...next.delivery, reads: [] } };
  }
  return next;
}

/** Push plus poll, or two polls. Two pushes are one source repeating itself. */
function confirmationOf(reads: readonly DeliveryRead[]): DeliveryConfirmation['confirmedBy'] {
  const polls = reads.filter((r) => r === 'poll').length;
  if (polls >= 1 && reads.includes('push')) return 'push_and_poll';
  if (polls >= 2) return 'two_polls';
  return undefined;
}

export const manuallyDelivered = (lifecycle: ShipmentLifecycle, now: string): ShipmentLifecycle => ({
  ...lifecycle,
  stalledSince: undefined,
  attemptFollowUpDue: undefined,
  attemptOverdue: false,
  delivery: { firstSeenAt: lifecycle.delivery?.firstSeenAt ?? now, reads: lifecycle.delivery?.reads ?? [], confirmedBy: 'manual', overdue: false },
});

export const isDeliveryConfirmed = (lifecycle: ShipmentLifecycle | undefined): boolean => lifecycle?.delivery?.confirmedBy !== undefined;

/** The delivered scan still waits for its second, independent read. */
export const awaitingSecondRead = (lifecycle: ShipmentLifecycle | undefined): boolean =>
  !!lifecycle?.delivery && !lifecycle.delivery.confirmedBy && lifecycle.delivery.reads.length > 0;

function stallThresholdMs(status: ShipmentStatus, policy: LifecyclePolicy): number | undefined {
  switch (status) {
    case ShipmentStatus.PENDING:
    case ShipmentStatus.INFO_RECEIVED:
      return policy.stallPreTransitMs;
    case ShipmentStatus.OUT_FOR_DELIVERY:
      return policy.stallOutForDeliveryMs;
    case ShipmentStatus.AVAILABLE_FOR_PICKUP:
      return policy.stallAwaitingPickupMs;
    case ShipmentStatus.DELIVERED:
      return undefined;
    default:
      return isTerminalShipmentStatus(status) ? undefined : policy.stallInTransitMs;
  }
}

interface Phase {
  status: ShipmentStatus;
  ladderStatus: ShipmentStatus;
}

/** The next moment a clock runs out, in epoch ms; undefined when no clock is running. */
export function nextDeadline(lifecycle: ShipmentLifecycle, phase: Phase, policy: LifecyclePolicy): number | undefined {
  const deadlines: number[] = [];
  if (phase.ladderStatus === ShipmentStatus.DELIVERED) {
    if (lifecycle.delivery && !lifecycle.delivery.confirmedBy && !lifecycle.delivery.overdue) {
      deadlines.push(Date.parse(lifecycle.delivery.firstSeenAt) + policy.deliveryConfirmTimeoutMs);
    }
  } else if (!isTerminalShipmentStatus(phase.ladderStatus)) {
    const movedAt = Date.parse(lifecycle.lastMovementAt);
    const stallMs = stallThresholdMs(phase.status, policy);
    if (stallMs !== undefined && !lifecycle.stalledSince) deadlines.push(movedAt + stallMs);
    if (phase.status !== ShipmentStatus.AVAILABLE_FOR_PICKUP) deadlines.push(movedAt + policy.lostAfterMs);
    if (lifecycle.attemptFollowUpDue && !lifecycle.attemptOverdue) deadlines.push(Date.parse(lifecycle.attemptFollowUpDue));
  }
  return deadlines.length > 0 ? Math.min(...deadlines) : undefined;
}

export interface ClockOutcome {
  lifecycle: ShipmentLifecycle;
  /** Set when the silence lasted long enough to end the parcel. */
  endAs?: typeof ShipmentStatus.LOST | typeof ShipmentStatus.EXPIRED;
  changed: boolean;
}

/** What the clocks say at `now`: stalled, lost, an overdue follow-up or an overdue confirmation. */
export function applyClocks(lifecycle: ShipmentLifecycle, phase: Phase, policy: LifecyclePolicy, now: string): ClockOutcome {
  const at = Date.parse(now);
  let next = lifecycle;
  if (phase.ladderStatus === ShipmentStatus.DELIVERED) {
    const delivery = next.delivery;
    if (delivery && !delivery.confirmedBy && !delivery.overdue && at >= Date.parse(delivery.firstSeenAt) + policy.deliveryConfirmTimeoutMs) {
      next = { ...next, delivery: { ...delivery, overdue: true } };
    }
    return { lifecycle: next, changed: next !== lifecycle };
  }
  if (isTerminalShipmentStatus(phase.ladderStatus)) return { lifecycle, changed: false };
  const silentMs = at - Date.parse(next.lastMovementAt);
  if (phase.status !== ShipmentStatus.AVAILABLE_FOR_PICKUP && silentMs >= policy.lostAfterMs) {
    // A parcel the carrier never took in has not been lost in transit; it simply never shipped.
    const neverMoved = phase.ladderStatus === ShipmentStatus.PENDING || phase.ladderStatus === ShipmentStatus.INFO_RECEIVED;
    return { lifecycle: { ...next, declaredLostAt: now }, endAs: neverMoved ? ShipmentStatus.EXPIRED : ShipmentStatus.LOST, changed: true };
  }
  const stallMs = stallThresholdMs(phase.status, policy);
  if (stallMs !== undefined && !next.stalledSince && silentMs >= stallMs) {
    next = { ...next, stalledSince: now, stallCount: next.stallCount + 1 };
  }
  if (next.attemptFollowUpDue && !next.attemptOverdue && at >= Date.parse(next.attemptFollowUpDue)) {
    next = { ...next, attemptOverdue: true };
  }
  return { lifecycle: next, changed: next !== lifecycle };
}

const addMs = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();
