import type { EstimatedDelivery } from '../../workflows/shared/tracking';
import type { Carrier, EscrowState, OrderStatus, ShipmentStatus } from '../../workflows/shared/vocabulary';

/**
 * What a customer may see of their order: its status, whether it is late, where the money stands,
 * their dispute, and each parcel's public tracking. Nothing else: no history (it names API keys and
 * carries staff notes), no actor key IDs, no contact details, no amounts, no internal IDs.
 */
export interface CustomerOrderView {
  orderId: string;
  status: OrderStatus;
  delayed: boolean;
  escrow: { state: EscrowState };
  dispute?: { openedAt: string; resolvedAt?: string; resolution?: 'released' | 'refunded' };
  shipments: CustomerShipmentView[];
}

export interface CustomerShipmentView {
  carrier: Carrier;
  trackingNumber: string;
  trackingUrl: string;
  status: ShipmentStatus;
  estimatedDelivery?: EstimatedDelivery;
}

/** Any order shape that carries these: the workflow's OrderView, the API's OrderDetail. */
export interface CustomerOrderSource {
  orderId: string;
  status: OrderStatus;
  delayed: boolean;
  escrow: { state: EscrowState };
  dispute?: { openedAt: string; resolvedAt?: string; resolution?: 'released' | 'refunded' };
  shipments: ReadonlyArray<{ carrier: Carrier; trackingNumber: string; trackingUrl: string; status: ShipmentStatus; estimatedDelivery?: EstimatedDelivery }>;
}

/**
 * The one mapping to the customer's view, for every customer route (actions, the tracking page).
 * Fields are picked one by one, never spread, so a field added to the order later stays private.
 */
export function toCustomerOrderView(order: CustomerOrderSource): CustomerOrderView {
  const view: CustomerOrderView = {
    orderId: order.orderId,
    status: order.status,
    delayed: order.delayed,
    escrow: { state: order.escrow.state },
    shipments: order.shipments.map((s) => {
      const shipment: CustomerShipmentView = { carrier: s.carrier, trackingNumber: s.trackingNumber, trackingUrl: s.trackingUrl, status: s.status };
      if (s.estimatedDelivery) {
        const { date, from, to } = s.estimatedDelivery;
        shipment.estimatedDelivery = { ...(date ? { date } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
      }
      return shipment;
    }),
  };
  if (order.dispute) {
    const { openedAt, resolvedAt, resolution } = order.dispute;
    view.dispute = { openedAt, ...(resolvedAt ? { resolvedAt } : {}), ...(resolution ? { resolution } : {}) };
  }
  return view;
}
