import { OrderStatus, ShipmentStatus } from '../shared/vocabulary';
import { isTerminalShipmentStatus } from '../shipment/shipment-status-rules';

/** The order ladder: like the shipment's, it only moves up. Unranked statuses are side states. */
const ORDER_RANK: Partial<Record<OrderStatus, number>> = {
  [OrderStatus.ORDER_RECEIVED]: 0,
  [OrderStatus.PROCESSING]: 1,
  [OrderStatus.PARTIALLY_SHIPPED]: 2,
  [OrderStatus.SHIPPED]: 3,
  [OrderStatus.IN_TRANSIT]: 4,
  [OrderStatus.OUT_FOR_DELIVERY]: 5,
  [OrderStatus.AVAILABLE_FOR_PICKUP]: 6,
  [OrderStatus.PARTIALLY_DELIVERED]: 7,
  [OrderStatus.DELIVERED]: 8,
  [OrderStatus.RETURNING]: 9,
  [OrderStatus.RETURNED]: 10,
  [OrderStatus.LOST]: 10,
  [OrderStatus.CANCELLED]: 11,
};

export const orderRank = (status: OrderStatus): number => ORDER_RANK[status] ?? -1;

export const isOrderSideStatus = (status: OrderStatus): boolean => ORDER_RANK[status] === undefined;

/** What one parcel's status means for the order, seen from the customer. */
const FROM_SHIPMENT: Record<ShipmentStatus, OrderStatus> = {
  [ShipmentStatus.PENDING]: OrderStatus.SHIPPED,
  [ShipmentStatus.INFO_RECEIVED]: OrderStatus.SHIPPED,
  [ShipmentStatus.IN_TRANSIT]: OrderStatus.IN_TRANSIT,
  [ShipmentStatus.OUT_FOR_DELIVERY]: OrderStatus.OUT_FOR_DELIVERY,
  [ShipmentStatus.AVAILABLE_FOR_PICKUP]: OrderStatus.AVAILABLE_FOR_PICKUP,
  [ShipmentStatus.ATTEMPT_FAILED]: OrderStatus.DELIVERY_ATTEMPTED,
  [ShipmentStatus.DELIVERED]: OrderStatus.DELIVERED,
  // An exception is a flag on the parcel, not a rung: the order keeps the parcel's ladder position.
  [ShipmentStatus.EXCEPTION]: OrderStatus.IN_TRANSIT,
  [ShipmentStatus.RETURNING]: OrderStatus.RETURNING,
  [ShipmentStatus.RETURNED]: OrderStatus.RETURNED,
  [ShipmentStatus.LOST]: OrderStatus.LOST,
  [ShipmentStatus.EXPIRED]: OrderStatus.LOST,
};

export interface ShipmentStatusPair {
  status: ShipmentStatus;
  ladderStatus: ShipmentStatus;
}

/**
 * The order status its parcels imply: delivered when every parcel is, partially delivered when some
 * are, otherwise as far as its slowest parcel. A failed attempt on any parcel shows as the side state
 * `delivery_attempted`.
 */
export function aggregateOrderStatus(shipments: readonly ShipmentStatusPair[]): OrderStatus | undefined {
  if (shipments.length === 0) return undefined;
  const delivered = shipments.filter((s) => s.ladderStatus === ShipmentStatus.DELIVERED).length;
  if (delivered === shipments.length) return OrderStatus.DELIVERED;
  if (delivered > 0) return OrderStatus.PARTIALLY_DELIVERED;
  if (shipments.some((s) => s.status === ShipmentStatus.ATTEMPT_FAILED)) return OrderStatus.DELIVERY_ATTEMPTED;
  return shipments
    .map((s) => FROM_SHIPMENT[s.ladderStatus])
    .reduce((slowest, next) => (orderRank(next) < orderRank(slowest) ? next : slowest));
}

export const allShipmentsFinished = (shipments: readonly ShipmentStatusPair[]): boolean =>
  shipments.length > 0 && shipments.every((s) => isTerminalShipmentStatus(s.ladderStatus));
