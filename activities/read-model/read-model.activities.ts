import type { OrderView } from '../../workflows/order/order.types';
import type { ShipmentView } from '../../workflows/shipment/shipment.types';

/**
 * The MongoDB read model the API lists and searches from. Writes carry the workflow's revision, so
 * a retried or late write never overwrites a newer one.
 */
export interface ReadModelStore {
  upsertOrder(order: OrderView): Promise<void>;
  upsertShipment(shipment: ShipmentView): Promise<void>;
}

export function createReadModelActivities(store: ReadModelStore) {
  return {
    async upsertOrderReadModel(order: OrderView): Promise<void> {
      await store.upsertOrder(order);
    },
    async upsertShipmentReadModel(shipment: ShipmentView): Promise<void> {
      await store.upsertShipment(shipment);
    },
  };
}

export type ReadModelActivities = ReturnType<typeof createReadModelActivities>;
