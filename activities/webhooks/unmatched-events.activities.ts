import type { PushedTrackingUpdate } from '../carriers/webhooks/webhook-delivery';
import type { CarrierEventsInput } from '../../workflows/shipment/shipment.messages';

/** Pushed events that arrived before any shipment had their tracking number. */
export interface UnmatchedEventsStore {
  take(carrier: string, trackingNumber: string): Promise<PushedTrackingUpdate[]>;
}

export function createUnmatchedEventsActivities(store: UnmatchedEventsStore) {
  return {
    /**
     * Takes the events a carrier pushed for this number before the shipment existed. Once returned
     * they are recorded in the workflow's history, so deleting them from the store loses nothing.
     */
    async takeUnmatchedCarrierEvents(input: { carrier: string; trackingNumber: string }): Promise<CarrierEventsInput[]> {
      const updates = await store.take(input.carrier, input.trackingNumber);
      return updates.map(({ events, estimatedDelivery, proofOfDelivery }) => ({ events, estimatedDelivery, proofOfDelivery }));
    },
  };
}

export type UnmatchedEventsActivities = ReturnType<typeof createUnmatchedEventsActivities>;
