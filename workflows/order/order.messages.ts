import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Carrier, Milestone, NotificationChannel, ShipmentStatus } from '../shared/vocabulary';
import type { EstimatedDelivery, PickupDetails, ProofOfDelivery } from '../shared/tracking';
import type { Actor, OrderShipment, OrderView } from './order.types';

/** Message names are part of the durable contract: never rename them. */

export const getOrderQuery = defineQuery<OrderView>('getOrder');

export interface MarkProcessingInput {
  actor: Actor;
}
export const markProcessingUpdate = defineUpdate<OrderView, [MarkProcessingInput]>('markProcessing');

export interface AddShipmentInput {
  shipmentId: string;
  carrier: Carrier;
  trackingNumber: string;
  trackingUrl: string;
  actor: Actor;
}
export const addShipmentUpdate = defineUpdate<OrderShipment, [AddShipmentInput]>('addShipment');

export interface CancelOrderInput {
  actor: Actor;
  reason?: string;
}
export const cancelOrderUpdate = defineUpdate<OrderView, [CancelOrderInput]>('cancelOrder');

/** A child shipment tells its order about each status change. */
export interface ShipmentUpdate {
  shipmentId: string;
  revision: number;
  status: ShipmentStatus;
  ladderStatus: ShipmentStatus;
  estimatedDelivery?: EstimatedDelivery;
  proofOfDelivery?: ProofOfDelivery;
  lastEventAt?: string;
  /** Lifecycle facts; absent from shipments that started before the lifecycle existed. */
  attempts?: number;
  pickup?: PickupDetails;
  /** Stalls so far, and whether the parcel is stalled now. */
  stallCount?: number;
  stalled?: boolean;
  attemptOverdue?: boolean;
  deliveryConfirmedBy?: 'push_and_poll' | 'two_polls' | 'manual';
  deliveryUnconfirmedOverdue?: boolean;
  /** Waybill ended the parcel as lost or expired after the carrier's long silence. */
  declaredLost?: boolean;
}
export const shipmentUpdatedSignal = defineSignal<[ShipmentUpdate]>('shipmentUpdated');

/** The customer says the order arrived: the escrow is released without waiting for the dispute window. */
export interface ConfirmReceiptInput {
  actor: Actor;
}
export const confirmReceiptUpdate = defineUpdate<OrderView, [ConfirmReceiptInput]>('confirmReceipt');

/** The customer says a delivered order never arrived: the escrow is held and support alerted. */
export interface ReportProblemInput {
  actor: Actor;
  kind: 'not_received';
  /** The customer's words; kept in the order's history, which stays inside Waybill. */
  note?: string;
}
export const reportProblemUpdate = defineUpdate<OrderView, [ReportProblemInput]>('reportProblem');

export interface ResolveDisputeInput {
  actor: Actor;
  resolution: 'release' | 'refund';
  note: string;
}
/** Ends a dispute, or decides a multi-parcel order where some parcels never arrived. Admin only. */
export const resolveDisputeUpdate = defineUpdate<OrderView, [ResolveDisputeInput]>('resolveDispute');

export interface MarkShipmentDeliveredInput {
  actor: Actor;
  shipmentId: string;
  /** The proof: what the admin saw (a signed slip, a photo, the customer's call). */
  note: string;
  /** Where the proof is kept: a ticket or document ID. */
  reference?: string;
}
export const markShipmentDeliveredUpdate = defineUpdate<OrderView, [MarkShipmentDeliveredInput]>('markShipmentDelivered');

export type ExtendDeadlineInput =
  | { actor: Actor; deadline: 'promised_delivery'; date: string }
  | { actor: Actor; deadline: 'dispute_window'; until: string };
export const extendDeadlineUpdate = defineUpdate<OrderView, [ExtendDeadlineInput]>('extendDeadline');

export interface EscrowOverrideInput {
  actor: Actor;
  reason: string;
}
/** Stops automatic release until an admin releases. */
export const holdEscrowUpdate = defineUpdate<OrderView, [EscrowOverrideInput]>('holdEscrow');
/** Releases now; only once delivery is verified. */
export const releaseEscrowUpdate = defineUpdate<OrderView, [EscrowOverrideInput]>('releaseEscrow');

/** Failure types of rejected order updates; the API maps them to HTTP statuses. */
export const OrderRejection = {
  CANCELLED: 'OrderCancelled',
  ALREADY_SHIPPED: 'OrderAlreadyShipped',
  SHIPMENT_CONFLICT: 'ShipmentConflict',
  CLOSED: 'OrderClosed',
  FORBIDDEN: 'ActionNotAllowed',
  NOT_DELIVERED: 'OrderNotDelivered',
  UNKNOWN_SHIPMENT: 'UnknownShipment',
  DISPUTE_OPEN: 'DisputeOpen',
  NOTHING_TO_RESOLVE: 'NothingToResolve',
  ESCROW_NOT_HELD: 'EscrowNotHeld',
  ESCROW_BUSY: 'EscrowSettlementInProgress',
  DELIVERY_NOT_VERIFIED: 'DeliveryNotVerified',
  INVALID_DEADLINE: 'InvalidDeadline',
  NOT_NOTIFIED: 'NotificationNotSent',
} as const;
export type OrderRejection = (typeof OrderRejection)[keyof typeof OrderRejection];

/** Support sends a message the customer already got once more, on one channel. */
export interface ResendNotificationInput {
  actor: Actor;
  milestone: Milestone;
  channel: NotificationChannel;
  shipmentId?: string;
  /** The notified message's own revision (a delay's date, an attempt's number), when it has one. */
  revision?: string;
}
export const resendNotificationUpdate = defineUpdate<OrderView, [ResendNotificationInput]>('resendNotification');
