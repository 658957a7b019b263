import type { EstimatedDelivery, ProofOfDelivery, TrackingEvent } from '../shared/tracking';
import type { Carrier, ShipmentStatus } from '../shared/vocabulary';
import type { PollPolicy } from './polling';
import type { NewShipment, ShipmentState } from './shipment.state';

export interface ShipmentWorkflowInput {
  shipment: NewShipment;
  pollPolicy: PollPolicy;
  /** Present after continue-as-new. */
  state?: ShipmentState;
  /** Test hook: continue-as-new once history reaches this length, instead of waiting for Temporal's hint. */
  continueAsNewAtHistoryLength?: number;
}

/** A shipment as the API, the read model and support staff see it. */
export interface ShipmentView {
  shipmentId: string;
  orderId: string;
  carrier: Carrier;
  trackingNumber: string;
  trackingUrl: string;
  status: ShipmentStatus;
  ladderStatus: ShipmentStatus;
  lastEventAt?: string;
  events: TrackingEvent[];
  estimatedDelivery?: EstimatedDelivery;
  proofOfDelivery?: ProofOfDelivery;
  attempts: number;
  revision: number;
}

export function toShipmentView(state: ShipmentState): ShipmentView {
  const { lastPollDigest: _digest, ...view } = state;
  return view;
}
