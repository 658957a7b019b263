import type { CustomerContact } from '../../workflows/order/order.types';
import type { EstimatedDelivery, ProofOfDelivery } from '../../workflows/shared/tracking';
import type { Carrier, Milestone, NotificationChannel } from '../../workflows/shared/vocabulary';

/** Everything a milestone message needs. Built by the order workflow; holds personal data. */
export interface NotificationRequest {
  orderId: string;
  milestone: Milestone;
  channel: NotificationChannel;
  /** Set for parcel milestones (shipped, out for delivery, delivered). */
  shipmentId?: string;
  customer: CustomerContact;
  shipment?: {
    carrier: Carrier;
    trackingNumber: string;
    trackingUrl: string;
    estimatedDelivery?: EstimatedDelivery;
    deliveredAt?: string;
    proofOfDelivery?: ProofOfDelivery;
  };
}

export interface NotificationResult {
  outcome: 'sent' | 'already_sent' | 'failed_permanently';
  messageId: string;
}

/**
 * The outbox's unique key: one message per (order, milestone, parcel, channel). Derived from
 * business IDs only, so every retry and every replay lands on the same key.
 */
export function outboxKey(request: Pick<NotificationRequest, 'orderId' | 'milestone' | 'shipmentId' | 'channel'>): string {
  return [request.orderId, request.milestone, request.shipmentId ?? '-', request.channel].join('|');
}
