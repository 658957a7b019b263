import type { OrderShipment, OrderView } from '../../workflows/order/order.types';
import { ShipmentStatus, type Carrier } from '../../workflows/shared/vocabulary';

/**
 * Facts about an order that the read model stores beside its view, derived when it is written, so
 * the dashboard can filter, count and aggregate them through indexes instead of recomputing them
 * over every order (docs/dashboard.md).
 */

/**
 * Why an order needs someone to look at it. Each reason clears by itself when its cause does (a
 * reattempt that succeeds, a decision taken, a dispute resolved), except a lost or expired parcel,
 * which is final and keeps its order flagged.
 */
export const AttentionReason = {
  /** A parcel's newest news is a failed delivery attempt. */
  ATTEMPT_FAILED: 'attempt_failed',
  /** The carrier reports a problem (damage, customs, address). */
  CARRIER_EXCEPTION: 'carrier_exception',
  /** A parcel is on its way back to the sender. */
  RETURNING: 'returning',
  /** A parcel was declared lost, or never reached the carrier (expired). */
  LOST: 'lost',
  /** No carrier movement for longer than its phase allows. */
  STALLED: 'stalled',
  /** A failed attempt not followed up in time, or a delivered scan the second read has not confirmed in time. */
  OVERDUE: 'overdue',
  /** Some parcels arrived and some did not: an admin decides between release and refund. */
  ESCROW_DECISION: 'escrow_decision',
  /** The customer reported a problem and the dispute is not resolved. */
  DISPUTE_OPEN: 'dispute_open',
} as const;
export type AttentionReason = (typeof AttentionReason)[keyof typeof AttentionReason];

const PARCEL_REASONS: Partial<Record<string, AttentionReason>> = {
  [ShipmentStatus.ATTEMPT_FAILED]: AttentionReason.ATTEMPT_FAILED,
  [ShipmentStatus.EXCEPTION]: AttentionReason.CARRIER_EXCEPTION,
  [ShipmentStatus.RETURNING]: AttentionReason.RETURNING,
  [ShipmentStatus.LOST]: AttentionReason.LOST,
  [ShipmentStatus.EXPIRED]: AttentionReason.LOST,
};

/** The order's open reasons, each once, in a fixed order. Empty when nothing needs attention. */
export function attentionReasons(order: OrderView): AttentionReason[] {
  const reasons = new Set<AttentionReason>();
  for (const parcel of order.shipments) {
    const byStatus = PARCEL_REASONS[parcel.status];
    if (byStatus) reasons.add(byStatus);
    if (parcel.declaredLost) reasons.add(AttentionReason.LOST);
    if (parcel.stalled) reasons.add(AttentionReason.STALLED);
    if (parcel.attemptOverdue || parcel.deliveryUnconfirmedOverdue) reasons.add(AttentionReason.OVERDUE);
  }
  if (order.escrow.decisionNeeded) reasons.add(AttentionReason.ESCROW_DECISION);
  if (order.dispute && !order.dispute.resolvedAt) reasons.add(AttentionReason.DISPUTE_OPEN);
  return Object.values(AttentionReason).filter((reason) => reasons.has(reason));
}

/** One delivered parcel, judged against the day it was due. */
export interface ParcelPunctuality {
  shipmentId: string;
  carrier: Carrier;
  /** `YYYY-MM-DD`, the delivery's own calendar day (the carrier's local time of the scan). */
  deliveredOn: string;
  /** `YYYY-MM-DD`: the order's promised day, or else the carrier's estimate as last known. */
  dueOn?: string;
  /** Delivered on or before `dueOn`; absent when nothing said when it was due. */
  onTime?: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}/;

/** The calendar day an ISO-8601 time names in its own offset: `2026-11-26T23:30:00-05:00` is the 26th there. */
const dayOf = (iso: string | undefined): string | undefined => (iso ? DAY.exec(iso)?.[0] : undefined);

function dueDay(order: OrderView, parcel: OrderShipment): string | undefined {
  if (order.promisedDeliveryDate) return order.promisedDeliveryDate;
  const estimate = parcel.estimatedDelivery;
  return estimate?.date ?? dayOf(estimate?.to) ?? dayOf(estimate?.from);
}

/**
 * On time, per delivered parcel: delivered on or before the day the order promised the customer
 * or, without a promise, the carrier's estimate as the order last knew it. A parcel marked
 * delivered by an admin counts from the day they did; one with neither a promise nor an estimate
 * is left out of the rate.
 */
export function parcelPunctuality(order: OrderView): ParcelPunctuality[] {
  return order.shipments.flatMap((parcel) => {
    if (parcel.status !== ShipmentStatus.DELIVERED) return [];
    const deliveredOn = dayOf(parcel.manualDelivery?.at ?? parcel.lastEventAt);
    if (!deliveredOn) return [];
    const dueOn = dueDay(order, parcel);
    return [{ shipmentId: parcel.shipmentId, carrier: parcel.carrier, deliveredOn, ...(dueOn && { dueOn, onTime: deliveredOn <= dueOn }) }];
  });
}
