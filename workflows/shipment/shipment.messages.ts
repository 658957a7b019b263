import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { EstimatedDelivery, PickupDetails, ProofOfDelivery, TrackingEvent } from '../shared/tracking';
import type { ShipmentView } from './shipment.types';

/** Message names are part of the durable contract: never rename them. */

export const getShipmentQuery = defineQuery<ShipmentView>('getShipment');

/** Events pushed by a carrier webhook (or any other source that is not this workflow's own poll). */
export interface CarrierEventsInput {
  events: TrackingEvent[];
  estimatedDelivery?: EstimatedDelivery;
  proofOfDelivery?: ProofOfDelivery;
  pickup?: PickupDetails;
}
export const carrierEventsSignal = defineSignal<[CarrierEventsInput]>('carrierEvents');

/** An admin's word that the parcel arrived, with their proof. Sent by the order, which records who said it. */
export interface ManualDeliveryInput {
  keyId?: string;
  note: string;
}
export const markDeliveredManuallySignal = defineSignal<[ManualDeliveryInput]>('markDeliveredManually');

/** Support's "refresh now": ask the carrier at once instead of at the next scheduled poll. */
export interface RefreshNowInput {
  keyId?: string;
}
export const refreshNowSignal = defineSignal<[RefreshNowInput]>('refreshNow');
