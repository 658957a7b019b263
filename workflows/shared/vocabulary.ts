/**
 * Waybill's shared vocabulary. Values are lowercase strings so they serialize, index and read
 * cleanly in payloads, MongoDB and search attributes.
 */

export const Carrier = {
  UPS: 'ups',
  FEDEX: 'fedex',
  DHL: 'dhl',
  USPS: 'usps',
} as const;
export type Carrier = (typeof Carrier)[keyof typeof Carrier];
export const CARRIERS: readonly Carrier[] = Object.values(Carrier);

export const ShipmentStatus = {
  PENDING: 'pending',
  INFO_RECEIVED: 'info_received',
  IN_TRANSIT: 'in_transit',
  OUT_FOR_DELIVERY: 'out_for_delivery',
  AVAILABLE_FOR_PICKUP: 'available_for_pickup',
  ATTEMPT_FAILED: 'attempt_failed',
  DELIVERED: 'delivered',
  EXCEPTION: 'exception',
  RETURNING: 'returning',
  RETURNED: 'returned',
  LOST: 'lost',
  EXPIRED: 'expired',
} as const;
export type ShipmentStatus = (typeof ShipmentStatus)[keyof typeof ShipmentStatus];
export const SHIPMENT_STATUSES: readonly ShipmentStatus[] = Object.values(ShipmentStatus);

export const OrderStatus = {
  ORDER_RECEIVED: 'order_received',
  PROCESSING: 'processing',
  PARTIALLY_SHIPPED: 'partially_shipped',
  SHIPPED: 'shipped',
  IN_TRANSIT: 'in_transit',
  OUT_FOR_DELIVERY: 'out_for_delivery',
  AVAILABLE_FOR_PICKUP: 'available_for_pickup',
  DELIVERY_ATTEMPTED: 'delivery_attempted',
  PARTIALLY_DELIVERED: 'partially_delivered',
  DELIVERED: 'delivered',
  RETURNING: 'returning',
  RETURNED: 'returned',
  LOST: 'lost',
  CANCELLED: 'cancelled',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];
export const ORDER_STATUSES: readonly OrderStatus[] = Object.values(OrderStatus);

export const EscrowState = {
  NONE: 'none',
  HELD: 'held',
  RELEASE_SCHEDULED: 'release_scheduled',
  RELEASED: 'released',
  DISPUTED: 'disputed',
  REFUNDED: 'refunded',
} as const;
export type EscrowState = (typeof EscrowState)[keyof typeof EscrowState];

/** Customer-facing milestones that produce a notification. */
export const Milestone = {
  ORDER_RECEIVED: 'order_received',
  SHIPPED: 'shipped',
  OUT_FOR_DELIVERY: 'out_for_delivery',
  DELIVERED: 'delivered',
  /** Once per new expected date. */
  DELAYED: 'delayed',
  /** Once per attempt, with the carrier's next step. */
  DELIVERY_ATTEMPTED: 'delivery_attempted',
  AVAILABLE_FOR_PICKUP: 'available_for_pickup',
  RETURNING: 'returning',
  /** With the refund, when the order carried an escrow. */
  RETURNED: 'returned',
  LOST: 'lost',
  DISPUTE_OPENED: 'dispute_opened',
  DISPUTE_RESOLVED: 'dispute_resolved',
} as const;
export type Milestone = (typeof Milestone)[keyof typeof Milestone];

export const NotificationChannel = {
  EMAIL: 'email',
  SMS: 'sms',
  PUSH: 'push',
} as const;
export type NotificationChannel = (typeof NotificationChannel)[keyof typeof NotificationChannel];
