import type { PickupDetails, TrackingEvent, TrackingLocation } from '../../workflows/shared/tracking';
import { ShipmentStatus } from '../../workflows/shared/vocabulary';

/**
 * Where a waiting parcel is, when the carrier names no pickup point of its own: the place of the
 * newest scan that says it waits (available for pickup, or a failed attempt that left it held),
 * else the newest scan with a place.
 */
export function waitingScanLocation(events: readonly TrackingEvent[]): TrackingLocation | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if ((event.status === ShipmentStatus.AVAILABLE_FOR_PICKUP || event.status === ShipmentStatus.ATTEMPT_FAILED) && event.location) {
      return event.location;
    }
  }
  for (let i = events.length - 1; i >= 0; i--) if (events[i].location) return events[i].location;
  return undefined;
}

/** Leaves absent parts out; undefined when the carrier said nothing about the pickup point. */
export function pickupDetails(parts: PickupDetails): PickupDetails | undefined {
  const pickup = Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== undefined)) as PickupDetails;
  return Object.keys(pickup).length > 0 ? pickup : undefined;
}
