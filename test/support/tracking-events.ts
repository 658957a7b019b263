import type { TrackingEvent } from '../../workflows/shared/tracking';
import { ShipmentStatus } from '../../workflows/shared/vocabulary';

/** A carrier event for reducer tests; the fingerprint follows status and time unless given. */
export function trackingEvent(status: ShipmentStatus, occurredAt: string, overrides: Partial<TrackingEvent> = {}): TrackingEvent {
  return {
    fingerprint: `${status}@${occurredAt}`,
    status,
    occurredAt,
    description: status.replace(/_/g, ' '),
    carrierCodes: { type: 'I', code: 'XX', statusCode: '005' },
    ...overrides,
  };
}

/** One UPS parcel's usual journey, label to doorstep, for workflow tests and recorded histories. */
export const UPS_JOURNEY = {
  label: trackingEvent(ShipmentStatus.INFO_RECEIVED, '2026-11-20T08:00:00-05:00'),
  pickedUp: trackingEvent(ShipmentStatus.IN_TRANSIT, '2026-11-20T18:00:00-05:00'),
  outForDelivery: trackingEvent(ShipmentStatus.OUT_FOR_DELIVERY, '2026-11-22T07:10:00-05:00'),
  delivered: trackingEvent(ShipmentStatus.DELIVERED, '2026-11-22T14:30:00-05:00'),
} as const;
