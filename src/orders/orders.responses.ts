import type { WorkflowExecutionDescription } from '@temporalio/client';
import type { Delay, Dispute, OrderHistoryEntry, OrderShipment, OrderView } from '../../workflows/order/order.types';
import { ESCROW_STATE, ORDER_STATUS } from '../../workflows/shared/search-attributes';
import type { EstimatedDelivery, PickupDetails, ProofOfDelivery, TrackingEvent } from '../../workflows/shared/tracking';
import { EscrowState, OrderStatus, type Carrier, type EscrowState as Escrow, type OrderStatus as Status, type ShipmentStatus } from '../../workflows/shared/vocabulary';
import type { OrderDocument, ShipmentDocument } from '../persistence/read-model.repository';

export interface ShipmentResponse {
  shipmentId: string;
  carrier: Carrier;
  trackingNumber: string;
  trackingUrl: string;
  status: ShipmentStatus;
}

export interface ShipmentDetail extends ShipmentResponse {
  estimatedDelivery?: EstimatedDelivery;
  proofOfDelivery?: ProofOfDelivery;
  attempts: number;
  lastEventAt?: string;
  /** Carrier scans, oldest first. */
  events: TrackingEvent[];
  /** Where the parcel waits for the customer, while it does. */
  pickup?: PickupDetails;
  /** An admin marked the parcel delivered, with their note (and reference, when the order's workflow answered). */
  manualDelivery?: OrderShipment['manualDelivery'];
}

export interface OrderDetail {
  orderId: string;
  status: Status;
  delayed: boolean;
  promisedDeliveryDate?: string;
  createdAt: string;
  escrow: { state: Escrow; amount?: number; currency?: string };
  shipments: ShipmentDetail[];
  history: OrderHistoryEntry[];
  /** Lifecycle state: the live workflow's when it answered, the read model's otherwise. */
  delay?: Delay;
  dispute?: Dispute;
  customerConfirmedAt?: string;
  /** `workflow` when the order's workflow answered live; `read_model` when only MongoDB did; `temporal` right after creation. */
  source: 'workflow' | 'read_model' | 'temporal';
}

export interface OrderSummary {
  orderId: string;
  status: Status;
  delayed: boolean;
  carriers: Carrier[];
  shipmentIds: string[];
  escrowState: Escrow;
  createdAt: string;
  updatedAt: string;
}

const shipmentDetail = (doc: ShipmentDocument): ShipmentDetail => ({
  shipmentId: doc.shipmentId,
  carrier: doc.carrier,
  trackingNumber: doc.trackingNumber,
  trackingUrl: doc.trackingUrl,
  status: doc.status,
  estimatedDelivery: doc.estimatedDelivery,
  proofOfDelivery: doc.proofOfDelivery,
  attempts: doc.attempts,
  lastEventAt: doc.lastEventAt,
  events: doc.events,
  pickup: doc.pickup,
  manualDelivery: doc.manualDelivery,
});

/**
 * Order-level fields come from the live workflow when it answered (it is never behind), parcel
 * timelines from the shipments' read model (written by each shipment's own workflow).
 */
export function toOrderDetail(document: OrderDocument | null, shipmentDocs: ShipmentDocument[], live: OrderView | undefined): OrderDetail {
  const order = live ?? (document as OrderDocument);
  const byId = new Map(shipmentDocs.map((doc) => [doc.shipmentId, doc]));
  const ids = live ? live.shipments.map((s) => s.shipmentId) : (document?.shipmentIds ?? []);
  const shipments = ids.map((id) => {
    const doc = byId.get(id);
    if (doc) return shipmentDetail(doc);
    const known = live?.shipments.find((s) => s.shipmentId === id);
    return known
      ? {
          shipmentId: id,
          carrier: known.carrier,
          trackingNumber: known.trackingNumber,
          trackingUrl: known.trackingUrl,
          status: known.status,
          estimatedDelivery: known.estimatedDelivery,
          attempts: 0,
          events: [],
          pickup: known.pickup,
          manualDelivery: known.manualDelivery,
        }
      : undefined;
  });
  return {
    orderId: order.orderId,
    status: order.status,
    delayed: order.delayed,
    promisedDeliveryDate: order.promisedDeliveryDate,
    createdAt: typeof order.createdAt === 'string' ? order.createdAt : order.createdAt.toISOString(),
    escrow: order.escrow,
    shipments: shipments.filter((s): s is ShipmentDetail => s !== undefined),
    history: order.history,
    delay: order.delay,
    dispute: order.dispute,
    customerConfirmedAt: order.customerConfirmedAt,
    source: live ? 'workflow' : 'read_model',
  };
}

/** What Temporal itself records about a workflow whose first task has not run yet. */
export function toOrderDetailFromDescription(orderId: string, description: WorkflowExecutionDescription): OrderDetail {
  return {
    orderId,
    status: (description.typedSearchAttributes.get(ORDER_STATUS) as Status | undefined) ?? OrderStatus.ORDER_RECEIVED,
    delayed: false,
    createdAt: description.startTime.toISOString(),
    escrow: { state: (description.typedSearchAttributes.get(ESCROW_STATE) as Escrow | undefined) ?? EscrowState.NONE },
    shipments: [],
    history: [],
    source: 'temporal',
  };
}

export const toOrderSummary = (doc: OrderDocument): OrderSummary => ({
  orderId: doc.orderId,
  status: doc.status,
  delayed: doc.delayed,
  carriers: doc.carriers,
  shipmentIds: doc.shipmentIds,
  escrowState: doc.escrow.state,
  createdAt: doc.createdAt.toISOString(),
  updatedAt: doc.updatedAt.toISOString(),
});
