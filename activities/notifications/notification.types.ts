import type { CustomerContact } from '../../workflows/order/order.types';
import type { EstimatedDelivery, PickupDetails, ProofOfDelivery } from '../../workflows/shared/tracking';
import type { Carrier, Milestone, NotificationChannel } from '../../workflows/shared/vocabulary';

/** Milestone-specific facts a message shows. Each field names the milestones that carry it. */
export interface NotificationDetails {
  /** `delayed`: the new expected day (`YYYY-MM-DD`), absent while the carrier gives none. */
  newDeliveryDate?: string;
  /** `delayed`: the carrier's estimate moved past the promise, or the promised day passed. */
  delayReason?: 'estimate_slipped' | 'promise_missed';
  /** `delivery_attempted`: which attempt, whether it was the last, and what happens next. */
  attempt?: {
    number: number;
    final: boolean;
    /** The day the carrier tries again, when it says so. */
    reattemptDate?: string;
    /** Where the parcel waits, when the carrier took it to a pickup point. */
    pickup?: PickupDetails;
  };
  /** `available_for_pickup`. */
  pickup?: PickupDetails;
  /** `returned`, `lost`, `dispute_resolved`: money going back to the customer. */
  refund?: { amount: number; currency: string };
  /** `dispute_resolved`. */
  disputeResolution?: 'released' | 'refunded';
}

/** Everything a milestone message needs. Built by the order workflow; holds personal data. */
export interface NotificationRequest {
  orderId: string;
  milestone: Milestone;
  channel: NotificationChannel;
  /** Set for parcel milestones (shipped, out for delivery, delivered, attempts, returns, losses). */
  shipmentId?: string;
  /**
   * Tells apart messages of one milestone that may legitimately repeat: the new date of a delay, the
   * number of an attempt. Part of the outbox key, so each revision goes out once.
   */
  revision?: string;
  customer: CustomerContact;
  shipment?: {
    carrier: Carrier;
    trackingNumber: string;
    trackingUrl: string;
    estimatedDelivery?: EstimatedDelivery;
    deliveredAt?: string;
    proofOfDelivery?: ProofOfDelivery;
  };
  details?: NotificationDetails;
}

export interface NotificationResult {
  outcome: 'sent' | 'already_sent' | 'failed_permanently' | 'skipped';
  /** Why, for `skipped` messages recorded by this call. */
  reason?: NotificationSkipReason;
  messageId: string;
}

/**
 * The outbox's unique key: one message per (order, milestone, parcel, channel, revision). Derived
 * from business IDs only, so every retry and every replay lands on the same key. Messages without a
 * revision keep the key they had before revisions existed.
 */
export function outboxKey(request: Pick<NotificationRequest, 'orderId' | 'milestone' | 'shipmentId' | 'channel' | 'revision'>): string {
  const parts = [request.orderId, request.milestone, request.shipmentId ?? '-', request.channel];
  if (request.revision !== undefined) parts.push(request.revision);
  return parts.join('|');
}

/** Why a planned message was not sent; recorded in the outbox so the notification log shows it. */
export type NotificationSkipReason =
  /** Newer news of the same parcel went out while it waited for quiet hours to end. */
  | 'collapsed'
  /** The channel reached its daily cap for this order. */
  | 'capped'
  /** The customer unsubscribed from this channel. */
  | 'suppressed'
  /** This deployment has no provider configured for the channel. */
  | 'channel_disabled';
