import type { EstimatedDelivery, PickupDetails, ProofOfDelivery, TrackingEvent } from '../../../workflows/shared/tracking';
import type { Carrier } from '../../../workflows/shared/vocabulary';

/** News about one parcel, from one pushed payload. */
export interface PushedTrackingUpdate {
  carrier: Carrier;
  trackingNumber: string;
  events: TrackingEvent[];
  estimatedDelivery?: EstimatedDelivery;
  proofOfDelivery?: ProofOfDelivery;
  pickup?: PickupDetails;
}

/** A carrier webhook payload, parsed: its own event ID when the carrier sends one, and its updates. */
export interface WebhookDelivery {
  eventId?: string;
  updates: PushedTrackingUpdate[];
}

/** The payload is not what the carrier's webhook contract promises. */
export class WebhookPayloadError extends Error {
  override readonly name = 'WebhookPayloadError';
}
