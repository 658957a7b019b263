import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Carrier, ShipmentStatus } from '../shared/vocabulary';
import type { EstimatedDelivery, ProofOfDelivery } from '../shared/tracking';
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
}
export const shipmentUpdatedSignal = defineSignal<[ShipmentUpdate]>('shipmentUpdated');

/** Failure types of rejected order updates; the API maps them to HTTP statuses. */
export const OrderRejection = {
  CANCELLED: 'OrderCancelled',
  ALREADY_SHIPPED: 'OrderAlreadyShipped',
  SHIPMENT_CONFLICT: 'ShipmentConflict',
  CLOSED: 'OrderClosed',
} as const;
export type OrderRejection = (typeof OrderRejection)[keyof typeof OrderRejection];
