import type { OrderView } from '../../workflows/order/order.types';
import type { ShipmentView } from '../../workflows/shipment/shipment.types';

/**
 * The MongoDB read model the API lists and searches from. Writes carry the workflow's revision, so
 * a retried or late write never overwrites a newer one.
 */
export interface ReadModelStore {
  /** True when the store now holds this revision (written now, or by an earlier attempt); false when it holds a newer one. */
  upsertOrder(order: OrderView): Promise<boolean>;
  upsertShipment(shipment: ShipmentView): Promise<void>;
}

/**
 * The customers' update feed (docs/tracking-page.md): one entry per order revision, which open
 * tracking pages and apps are streamed from. Recording the same revision again changes nothing.
 */
export interface OrderUpdatesFeed {
  record(order: OrderView): Promise<void>;
}

export function createReadModelActivities(store: ReadModelStore, feed?: OrderUpdatesFeed) {
  return {
    /**
     * Upserts the order, then records the revision in the update feed when it is the one now
     * stored. A retry that finds its own revision stored records it too, so a crash between the
     * two writes loses no update; a late, older revision is not news and is left out.
     */
    async upsertOrderReadModel(order: OrderView): Promise<void> {
      const stored = await store.upsertOrder(order);
      if (stored) await feed?.record(order);
    },
    async upsertShipmentReadModel(shipment: ShipmentView): Promise<void> {
      await store.upsertShipment(shipment);
    },
  };
}

export type ReadModelActivities = ReturnType<typeof createReadModelActivities>;
