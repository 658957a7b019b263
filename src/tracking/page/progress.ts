import { EscrowState, OrderStatus, ShipmentStatus, type OrderStatus as Status } from '../../../workflows/shared/vocabulary';
import type { CustomerOrderView, CustomerShipmentView } from '../../customer/customer-order-view';

/** The main road an order travels, as the page draws it. */
export const STEPS = ['order_received', 'processing', 'shipped', 'in_transit', 'out_for_delivery', 'delivered'] as const;
export type StepKey = (typeof STEPS)[number];

/**
 * `done` and `current` are behind and at the order; `upcoming` still ahead; `stopped` will not
 * happen (the order was cancelled, is going back, or is lost).
 */
export type StepState = 'done' | 'current' | 'upcoming' | 'stopped';

/** Where an order stands off the main road, shown beside the steps. */
export type SideState = Exclude<Status, StepKey>;

export interface Progress {
  steps: Array<{ key: StepKey; state: StepState }>;
  side?: SideState;
}

/** Each status's furthest step, and whether it leaves the road for good. */
const PLACE: Record<Status, { step: StepKey; ends?: boolean }> = {
  [OrderStatus.ORDER_RECEIVED]: { step: 'order_received' },
  [OrderStatus.PROCESSING]: { step: 'processing' },
  [OrderStatus.PARTIALLY_SHIPPED]: { step: 'shipped' },
  [OrderStatus.SHIPPED]: { step: 'shipped' },
  [OrderStatus.IN_TRANSIT]: { step: 'in_transit' },
  [OrderStatus.OUT_FOR_DELIVERY]: { step: 'out_for_delivery' },
  [OrderStatus.AVAILABLE_FOR_PICKUP]: { step: 'out_for_delivery' },
  [OrderStatus.DELIVERY_ATTEMPTED]: { step: 'out_for_delivery' },
  [OrderStatus.PARTIALLY_DELIVERED]: { step: 'out_for_delivery' },
  [OrderStatus.DELIVERED]: { step: 'delivered' },
  [OrderStatus.RETURNING]: { step: 'shipped', ends: true },
  [OrderStatus.RETURNED]: { step: 'shipped', ends: true },
  [OrderStatus.LOST]: { step: 'shipped', ends: true },
  [OrderStatus.CANCELLED]: { step: 'order_received', ends: true },
};

const isStep = (status: Status): status is StepKey => (STEPS as readonly string[]).includes(status);

/**
 * The steps for an order's status. Statuses off the main road sit at the furthest step they imply
 * (waiting at a pickup point, a failed attempt and a partial delivery all come after "out for
 * delivery"; a return or a loss after "shipped") and are named beside it as the side state.
 */
export function progressOf(status: Status): Progress {
  const place = PLACE[status];
  const at = STEPS.indexOf(place.step);
  const steps = STEPS.map((key, index): { key: StepKey; state: StepState } => {
    if (index < at) return { key, state: 'done' };
    if (index === at) return { key, state: place.ends ? 'done' : status === OrderStatus.DELIVERED ? 'done' : 'current' };
    return { key, state: place.ends ? 'stopped' : 'upcoming' };
  });
  return isStep(status) ? { steps } : { steps, side: status };
}

const FINAL_SHIPMENT: ReadonlySet<string> = new Set([ShipmentStatus.DELIVERED, ShipmentStatus.RETURNED, ShipmentStatus.LOST, ShipmentStatus.EXPIRED]);

/** The parcels still on their way (not delivered, returned, lost or expired). */
export const parcelsUnderway = (view: CustomerOrderView): CustomerShipmentView[] => view.shipments.filter((s) => !FINAL_SHIPMENT.has(s.status));

const disputeOpen = (view: CustomerOrderView): boolean => !!view.dispute && !view.dispute.resolvedAt;
const escrowUnsettled = (view: CustomerOrderView): boolean => view.escrow.state === EscrowState.HELD || view.escrow.state === EscrowState.RELEASE_SCHEDULED;

/**
 * Which of the customer's actions the page offers, mirroring what the order's workflow accepts
 * (workflows/order/order-actions.ts) so a button is never a dead end: confirming receipt once every
 * parcel arrived and the payment is still held; reporting a problem once something arrived, while
 * the payment is held and nothing was reported yet. An order without escrow closes at delivery and
 * accepts neither. The workflow still decides; a refusal is shown, never hidden.
 */
export function actionsFor(view: CustomerOrderView): { confirmReceipt: boolean; reportProblem: boolean } {
  const delivered = view.status === OrderStatus.DELIVERED;
  const someDelivered = delivered || view.status === OrderStatus.PARTIALLY_DELIVERED;
  return {
    confirmReceipt: delivered && escrowUnsettled(view) && !disputeOpen(view),
    reportProblem: someDelivered && escrowUnsettled(view) && !view.dispute,
  };
}
